import { describe, expect, it, vi } from 'vitest'
import { json } from '../test/render'
import { api, unwrap } from './client'
import { currentToken, refreshSession } from './session'

describe('The session', () => {
  it('refreshes an expired access token once for concurrent calls, and retries each call', async () => {
    let refreshes = 0
    let valid = 'old'
    vi.stubGlobal('fetch', async (request: Request) => {
      const url = new URL(request.url)
      if (url.pathname === '/api/v1/auth/refresh') {
        refreshes += 1
        expect(await request.json()).toEqual({ session: 'cookie' })
        await new Promise((resolve) => setTimeout(resolve, 10))
        valid = `token-${refreshes}`
        return json(200, { access_token: valid, token_type: 'Bearer', expires_in: 900 })
      }
      const sent = request.headers.get('Authorization')
      return sent === `Bearer ${valid}` ? json(200, { total: 0, by_status: {} }) : json(401, { status: 401, detail: 'expired' })
    })
    expect(await refreshSession()).toBe(true)
    expect(currentToken()).toBe('token-1')
    valid = 'rotated elsewhere' // the access token the page holds has expired
    const calls = [1, 2, 3].map(() => unwrap(api.GET('/api/v1/applications/stats')))
    await expect(Promise.all(calls)).resolves.toHaveLength(3)
    // Rotating refresh tokens are good once: three refreshes would have revoked the session.
    expect(refreshes).toBe(2)
    expect(currentToken()).toBe('token-2')
  })

  it('ends the session when the cookie no longer buys a token', async () => {
    vi.stubGlobal('fetch', async () => json(401, { status: 401, detail: 'Refresh token revoked.' }))
    expect(await refreshSession()).toBe(false)
    expect(currentToken()).toBeNull()
  })
})
