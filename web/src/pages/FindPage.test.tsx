import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { DIRECTORY, job, page } from '../test/fixtures'
import { json, renderAt, serve } from '../test/render'

const JOBS = [job('Data Analyst'), job('Firmware Developer', { employment_type: 'internship', workplace: 'on-site' })]

describe('Find', () => {
  it('lists the companies with the most jobs first, with their rating and review count, and the newest jobs', async () => {
    const seen = serve((url) => {
      if (url.pathname === '/api/v1/companies') return json(200, page(DIRECTORY))
      if (url.pathname === '/api/v1/jobs') return json(200, page(JOBS))
      if (url.pathname === '/api/v1/reviews/summaries')
        return json(200, { items: [{ company_id: 'id-maple-analytics', count: 32, average: 3.8 }, { company_id: 'id-northwind', count: 0, average: null }] })
      return undefined
    })
    renderAt('/')
    const list = await screen.findByRole('list', { name: 'Companies' })
    expect(list).toHaveTextContent('Maple Analytics')
    expect(list).toHaveTextContent('Software · Waterloo, ON · 12 jobs')
    expect(list).toHaveTextContent('1 job')
    expect(await within(list).findByRole('img', { name: 'Rated 3.8 out of 5' })).toBeInTheDocument()
    expect(list).toHaveTextContent('32 reviews')
    expect(list).toHaveTextContent('No reviews yet')
    expect(await screen.findByRole('list', { name: 'Jobs' })).toHaveTextContent('Maple Analytics · co-op · hybrid · Waterloo, ON')
    expect(seen.find((url) => url.pathname === '/api/v1/companies')?.searchParams.get('sort')).toBe('-job_count')
    // One call for every company's summary on the page.
    expect(seen.filter((url) => url.pathname === '/api/v1/reviews/summaries')).toHaveLength(1)
  })

  it('searches companies and jobs as you type, by label, and links each company to its page', async () => {
    const seen = serve((url) => {
      const q = (url.searchParams.get('q') ?? '').toLowerCase()
      if (url.pathname === '/api/v1/companies') return json(200, page(DIRECTORY.filter((c) => c.name.toLowerCase().includes(q))))
      if (url.pathname === '/api/v1/jobs') return json(200, page(JOBS.filter((j) => j.title.toLowerCase().includes(q))))
      return undefined
    })
    const router = renderAt('/')
    await userEvent.type(screen.getByLabelText('Search'), 'north')
    const list = await screen.findByRole('list', { name: 'Companies matching north' })
    expect(list).not.toHaveTextContent('Maple')
    expect(router.state.location.search).toBe('?q=north')
    expect(seen.some((url) => url.pathname === '/api/v1/jobs' && url.searchParams.get('q') === 'north')).toBe(true)
    await userEvent.click(screen.getByRole('link', { name: 'Northwind' }))
    expect(router.state.location.pathname).toBe('/companies/northwind')
  })

  it('filters jobs by employment type, in the address', async () => {
    const seen = serve((url) => {
      if (url.pathname === '/api/v1/jobs/filters')
        return json(200, { industries: [], locations: [], workplaces: [], employment_types: [{ value: 'internship', count: 1 }] })
      if (url.pathname === '/api/v1/jobs') return json(200, page(JOBS.filter((j) => !url.searchParams.get('employment_type') || j.employment_type === url.searchParams.get('employment_type'))))
      if (url.pathname === '/api/v1/companies') return json(200, page(DIRECTORY))
      return undefined
    })
    const router = renderAt('/')
    await screen.findByRole('option', { name: 'internship (1)' })
    await userEvent.selectOptions(screen.getByLabelText('Employment type'), 'internship')
    expect(router.state.location.search).toBe('?employment_type=internship')
    const jobs = await screen.findByRole('list', { name: 'Jobs' })
    await within(jobs).findByText('Firmware Developer')
    expect(jobs).not.toHaveTextContent('Data Analyst')
    expect(seen.at(-1)?.searchParams.get('employment_type')).toBe('internship')
  })

  it('says so when nothing matches', async () => {
    serve((url) => (url.pathname.startsWith('/api/v1/') && url.pathname !== '/api/v1/auth/refresh' ? json(200, page([])) : undefined))
    renderAt('/?q=zzz')
    expect(await screen.findByText('No company matches “zzz”.')).toBeInTheDocument()
    expect(await screen.findByText('No job matches.')).toBeInTheDocument()
  })

  it('explains an outage in words and keeps the search box', async () => {
    serve(() => json(503, { title: 'Service Unavailable', status: 503, detail: 'The jobs service is unavailable.' }))
    renderAt('/')
    const alerts = await screen.findAllByRole('alert')
    expect(alerts[0]).toHaveTextContent('Could not load companies. The jobs service is unavailable.')
    expect(alerts[0]).toHaveTextContent('the rest of Jobsight keeps working')
    expect(screen.getByLabelText('Search')).toBeEnabled()
  })
})
