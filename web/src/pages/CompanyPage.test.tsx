import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { DIRECTORY } from '../test/fixtures'
import { json, renderAt, serve } from '../test/render'

describe('A company page', () => {
  it('shows the company and its jobs; a failing job list leaves the company shown', async () => {
    const maple = DIRECTORY[0]!
    serve((url) => {
      if (url.pathname === '/api/v1/companies/maple-analytics') return json(200, maple)
      if (url.pathname === '/api/v1/jobs') return json(503, { status: 503, detail: 'The jobs service is unavailable.' })
      return undefined
    })
    renderAt('/companies/maple-analytics')
    expect(await screen.findByRole('heading', { level: 1, name: 'Maple Analytics' })).toBeInTheDocument()
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Could not load its jobs.'))
  })

  it('says when there is no such company', async () => {
    serve(() => json(404, { status: 404, detail: 'No such company.' }))
    renderAt('/companies/nobody')
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load this company. No such company.')
  })
})
