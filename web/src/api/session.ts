// The browser session. The refresh token lives only in the HttpOnly `jobsight_refresh`
// cookie, which no page script can read; the access token lives in this module's memory
// only, so a reload starts by trading the cookie for a new one (refreshSession).
import { useSyncExternalStore } from 'react'

export type SessionStatus = 'unknown' | 'anonymous' | 'signed-in'

let accessToken: string | null = null
let status: SessionStatus = 'unknown'
let refreshing: Promise<boolean> | null = null
const listeners = new Set<() => void>()

function settle(token: string | null) {
  accessToken = token
  status = token ? 'signed-in' : 'anonymous'
  listeners.forEach((listener) => listener())
}

export function currentToken(): string | null {
  return accessToken
}

/** The session's state, re-rendering the caller when it changes. */
export function useSessionStatus(): SessionStatus {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => status,
  )
}

// Auth calls go straight to fetch: the API client's own retry-after-refresh must not
// recurse into them. The cookie is same-origin, so fetch sends it by default.
function post(path: string, body: unknown): Promise<Response> {
  return globalThis.fetch(
    new Request(new URL(path, globalThis.location.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  )
}

/**
 * `run` while no other tab of this site runs it. Every tab shares the one cookie, so two
 * tabs refreshing together (a browser restoring its tabs) would present the same token
 * twice, and the server, taking that for a stolen token, ends the session. Taking turns,
 * the second sends the cookie the first one's answer set. (Web Locks; without them, as in
 * a test's DOM, there is one tab.)
 */
async function acrossTabs<T>(run: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks
  return locks ? await locks.request('jobsight-session-refresh', run) : run()
}

/**
 * A new access token for the cookie, once at a time: refresh tokens rotate and are good
 * once, so the calls that found their token expired together must share one refresh (a
 * second one would present a used token, and the server would revoke the session).
 * Resolves whether the session is still alive.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const response = await acrossTabs(() => post('/api/v1/auth/refresh', { session: 'cookie' }))
      if (!response.ok) {
        settle(null)
        return false
      }
      settle(((await response.json()) as { access_token: string }).access_token)
      return true
    } catch {
      // Unreachable: keep what we had and let the next call try again.
      if (status === 'unknown') settle(null)
      return accessToken !== null
    } finally {
      refreshing = null
    }
  })()
  return refreshing
}

/** Sign in: the token pair comes back with its refresh half as the cookie. */
export async function logIn(email: string, password: string): Promise<Response> {
  const response = await post('/api/v1/auth/login', { email, password, session: 'cookie' })
  if (response.ok) settle(((await response.json()) as { access_token: string }).access_token)
  return response
}

/** Sign out here and on the server: the cookie's family is revoked and the cookie cleared. */
export async function logOut(): Promise<void> {
  try {
    await post('/api/v1/auth/logout', { session: 'cookie' })
  } finally {
    settle(null)
  }
}

/** Forget the session without asking the server (the account is gone). */
export function forgetSession(): void {
  settle(null)
}
