import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { DIRECTORY } from '../test/fixtures'
import { json, renderAt, serve } from '../test/render'

describe('Find', () => {
  it('lists the companies with the most jobs first, before anything is typed', async () => {
    const seen = serve((url) =>
      url.pathname === '/api/v1/companies' ? json(200, { items: DIRECTORY, next_cursor: null }) : undefined,
    )
    renderAt('/')
    const list = await screen.findByRole('list', { name: 'Companies' })
    expect(list).toHaveTextContent('Maple Analytics')
    expect(list).toHaveTextContent('Software · Waterloo, ON · 12 jobs')
    expect(list).toHaveTextContent('1 job')
    expect(seen[0]?.searchParams.get('sort')).toBe('-job_count')
  })

  it('searches as you type, by label, and links each company to its page', async () => {
    serve((url) => {
      if (url.pathname !== '/api/v1/companies') return undefined
      const q = url.searchParams.get('q') ?? ''
      const items = DIRECTORY.filter((c) => c.name.toLowerCase().includes(q.toLowerCase()))
      return json(200, { items, next_cursor: null })
    })
    const router = renderAt('/')
    await userEvent.type(screen.getByLabelText('Search'), 'north')
    const list = await screen.findByRole('list', { name: 'Companies matching north' })
    expect(list).not.toHaveTextContent('Maple')
    expect(router.state.location.search).toBe('?q=north')
    await userEvent.click(screen.getByRole('link', { name: 'Northwind' }))
    expect(router.state.location.pathname).toBe('/companies/northwind')
  })

  it('says so when nothing matches', async () => {
    serve(() => json(200, { items: [], next_cursor: null }))
    renderAt('/?q=zzz')
    expect(await screen.findByText('No company matches “zzz”.')).toBeInTheDocument()
  })

  it('explains an outage in words and keeps the search box', async () => {
    serve(() => json(503, { title: 'Service Unavailable', status: 503, detail: 'The jobs service is unavailable.' }))
    renderAt('/')
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not load companies. The jobs service is unavailable.')
    expect(alert).toHaveTextContent('the rest of Jobsight keeps working')
    expect(screen.getByLabelText('Search')).toBeEnabled()
  })
})
