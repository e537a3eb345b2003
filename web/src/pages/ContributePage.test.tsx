import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { job } from '../test/fixtures'
import { json, renderAt, serve } from '../test/render'

const SIGNED_IN = { access_token: 'token-1', token_type: 'Bearer', expires_in: 900 }

function gateway(review: (request: Request) => Response) {
  const posted: Request[] = []
  serve((url, request) => {
    if (url.pathname === '/api/v1/auth/refresh') return json(200, SIGNED_IN)
    if (url.pathname === '/api/v1/users/me')
      return json(200, { id: 'u', email: 'a@example.com', display_name: 'A', role: 'user', is_active: true, created_at: '' })
    if (url.pathname === '/api/v1/jobs/job-data-analyst') return json(200, job('Data Analyst'))
    if (url.pathname === '/api/v1/reviews' && request.method === 'POST') {
      posted.push(request)
      return review(request)
    }
    return undefined
  })
  return posted
}

describe('Writing a review', () => {
  it('shows each 422 message beside its field, nested ones included', async () => {
    const posted = gateway(() =>
      json(422, {
        status: 422,
        detail: 'The request body is invalid.',
        errors: { title: ['Missing data for required field.'], 'ratings.culture': ['Must be between 1 and 5.'] },
      }),
    )
    renderAt('/jobs/job-data-analyst/review')
    await screen.findByRole('link', { name: 'Data Analyst' })
    await userEvent.click(screen.getByRole('button', { name: 'Publish review' }))
    const title = await screen.findByLabelText('Title')
    await waitFor(() => expect(title).toHaveAttribute('aria-invalid', 'true'))
    expect(title).toHaveAccessibleDescription(/Missing data for required field\./)
    expect(screen.getByLabelText('Culture')).toHaveAccessibleDescription('Must be between 1 and 5.')
    expect(screen.getByRole('alert')).toHaveTextContent('Some fields need a change')
    // The call carried the access token the session cookie bought.
    expect(posted[0]?.headers.get('Authorization')).toBe('Bearer token-1')
  })

  it('explains a 409 and a 503 in words', async () => {
    let answer = json(409, { status: 409, detail: 'You have already reviewed this job for this term and year.' })
    gateway(() => answer)
    renderAt('/jobs/job-data-analyst/review')
    await screen.findByRole('link', { name: 'Data Analyst' })
    await userEvent.type(screen.getByLabelText('Title'), 'Again')
    await userEvent.click(screen.getByRole('button', { name: 'Publish review' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('You have already reviewed this job for this term and year.')
    answer = json(503, { status: 503, detail: 'The jobs service is unavailable, so the job cannot be checked; nothing was saved.' })
    await userEvent.click(screen.getByRole('button', { name: 'Publish review' }))
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('try again in a moment'))
    expect(screen.getByLabelText('Title')).toHaveValue('Again')
  })
})
