import type { Schemas } from '../api/client'

/** A company as the API answers it. */
export function company(name: string, extra: Partial<Schemas['Company']> = {}): Schemas['Company'] {
  const slug = name.toLowerCase().replace(/\W+/g, '-')
  return {
    id: `id-${slug}`,
    name,
    slug,
    website: null,
    logo_url: null,
    industry: 'Software',
    size: null,
    headquarters: 'Waterloo, ON',
    description: null,
    job_count: 3,
    created_at: '2026-12-01T00:00:00Z',
    updated_at: '2026-12-01T00:00:00Z',
    ...extra,
  }
}

export const DIRECTORY = [company('Maple Analytics', { job_count: 12 }), company('Northwind', { job_count: 1 })]

/** A job as the API answers it. */
export function job(title: string, extra: Partial<Schemas['Job']> = {}): Schemas['Job'] {
  return {
    id: `job-${title.toLowerCase().replace(/\W+/g, '-')}`,
    company_id: 'id-maple-analytics',
    company: { id: 'id-maple-analytics', name: 'Maple Analytics' },
    title,
    location: 'Waterloo, ON',
    employment_type: 'co-op',
    workplace: 'hybrid',
    description: null,
    created_at: '2026-12-01T00:00:00Z',
    updated_at: '2026-12-01T00:00:00Z',
    ...extra,
  }
}

export const page = <T,>(items: T[]) => ({ items, next_cursor: null })
