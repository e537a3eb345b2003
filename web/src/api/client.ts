// The one HTTP client of the web app: typed by the gateway's OpenAPI document
// (schema.d.ts, generated; never edited by hand), same origin as the page.
import createClient from 'openapi-fetch'
import type { components, paths } from './schema'
import { currentToken, refreshSession } from './session'

export type Schemas = components['schemas']

/** An answer that is not 2xx, with the problem+json document's words. */
export class ApiError extends Error {
  readonly status: number
  readonly detail: string
  readonly errors: Record<string, string[]> | undefined

  constructor(status: number, detail: string, errors?: Record<string, string[]>) {
    super(detail)
    this.status = status
    this.detail = detail
    this.errors = errors
  }
}

function send(request: Request): Promise<Response> {
  const token = currentToken()
  if (token) request.headers.set('Authorization', `Bearer ${token}`)
  // Looked up at each call, so tests can stand in for the network.
  return globalThis.fetch(request)
}

/**
 * Every call carries the access token when there is one. An access token that has expired
 * is answered 401: the session cookie buys a new one and the call is made once more, so a
 * session outlives its access tokens without asking the person again.
 */
async function authenticatedFetch(request: Request): Promise<Response> {
  const hadToken = currentToken() !== null
  const again = hadToken ? request.clone() : null
  const answer = await send(request)
  if (answer.status !== 401 || again === null) return answer
  return (await refreshSession()) ? send(again) : answer
}

export const api = createClient<paths>({
  // A relative URL needs an origin outside a browser (the unit tests' jsdom has one).
  baseUrl: globalThis.location?.origin ?? '',
  fetch: authenticatedFetch,
})

type Answer<T> = { data?: T; error?: unknown; response: Response }

/** The answer's data, or an ApiError saying what went wrong in words a person can read. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>
  try {
    answer = await call
  } catch {
    throw new ApiError(0, 'Jobsight could not be reached. Check your connection and try again.')
  }
  if (answer.response.ok) return answer.data as T
  throw problemOf(answer.response.status, answer.error)
}

export function problemOf(status: number, body: unknown): ApiError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as {
    detail?: unknown
    errors?: Record<string, string[]>
  }
  const detail = typeof problem.detail === 'string' ? problem.detail : undefined
  return new ApiError(status, detail ?? fallback(status), problem.errors)
}

function fallback(status: number): string {
  if (status >= 500) return 'Something went wrong on our side; try again in a moment.'
  return `The request was refused (${status}).`
}

/** What a refusal means to the person who made it, in words. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something unexpected went wrong.'
  if (error.status === 503) return `${error.detail} Please try again in a moment; the rest of Jobsight keeps working.`
  if (error.status === 429) return 'Too many requests for now; wait a minute and try again.'
  return error.detail
}
