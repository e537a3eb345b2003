import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { SalaryBox } from '../components/Charts'
import { DIRECTORY } from '../test/fixtures'
import { json, renderAt, serve } from '../test/render'
import { render } from '@testing-library/react'

describe('A company page', () => {
  it('shows the company, its ratings and tabs; a failing job list leaves the rest shown', async () => {
    const maple = DIRECTORY[0]!
    serve((url) => {
      if (url.pathname === '/api/v1/companies/maple-analytics') return json(200, maple)
      if (url.pathname === '/api/v1/reviews/summary')
        return json(200, {
          count: 4,
          rating: { average: 4.25, distribution: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 2 } },
          ratings: { work_life_balance: 4, culture: null, learning: 4.5, compensation: 3 },
          would_recommend_pct: 75,
        })
      if (url.pathname === '/api/v1/jobs') return json(503, { status: 503, detail: 'The jobs service is unavailable.' })
      return undefined
    })
    renderAt('/companies/maple-analytics')
    expect(await screen.findByRole('heading', { level: 1, name: 'Maple Analytics' })).toBeInTheDocument()
    const tabs = screen.getByRole('navigation', { name: 'Company' })
    expect(within(tabs).getAllByRole('link').map((link) => link.textContent)).toEqual(['Overview', 'Reviews', 'Salaries', 'Interviews'])
    expect(await screen.findByText(/from 4 reviews/)).toHaveTextContent('75 % would recommend')
    expect(screen.getByText('5 stars').nextSibling).toHaveTextContent('2 (50 %)')
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load its jobs.')
  })

  it('says when there is no such company', async () => {
    serve(() => json(404, { status: 404, detail: 'No such company.' }))
    renderAt('/companies/nobody')
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load this company. No such company.')
  })
})

describe('The salary box plot', () => {
  it('draws p25, median and p75, labelled for a screen reader', () => {
    render(<SalaryBox group={{ currency: 'CAD', period: 'hourly', count: 7, p25: 22.1, median: 24.3, p75: 27.6, mean: 25 }} />)
    expect(screen.getByRole('img')).toHaveAccessibleName(
      'CAD an hour: 25th percentile $22.10, median $24.30, 75th percentile $27.60, from 7 salaries',
    )
  })

  it('says a group below the privacy threshold is withheld instead of drawing it', () => {
    render(<SalaryBox group={{ currency: 'USD', period: 'yearly', count: 3, p25: null, median: null, p75: null, mean: null }} />)
    expect(screen.queryByRole('img')).toBeNull()
    expect(screen.getByText(/Figures withheld: fewer than 5 people shared a salary here/)).toBeInTheDocument()
  })
})
