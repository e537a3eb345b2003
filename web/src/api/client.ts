// The one HTTP client of the web app: typed by the gateway's OpenAPI document
// (schema.d.ts, generated; never edited by hand), same origin as the page.
import createClient from 'openapi-fetch'
import type { components, paths } from './schema'

export type Schemas = components['schemas']

/** An answer that is not 2xx, with the problem+json document's words. */
export class ApiError extends Error {
  readonly status: number
  readonly detail: string
  readonly errors: Record<string, unknown> | undefined

  constructor(status: number, detail: string, errors?: Record<string, unknown>) {
    super(detail)
    this.status = status
    this.detail = detail
    this.errors = errors
  }
}

export const api = createClient<paths>({
  // A relative URL needs an origin outside a browser (the unit tests' jsdom has one).
  baseUrl: globalThis.location?.origin ?? '',
  // Looked up at each call, so tests can stand in for the network.
  fetch: (request: Request) => globalThis.fetch(request),
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

function problemOf(status: number, body: unknown): ApiError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as {
    detail?: unknown
    errors?: Record<string, unknown>
  }
  const detail = typeof problem.detail === 'string' ? problem.detail : undefined
  return new ApiError(status, detail ?? fallback(status), problem.errors)
}

function fallback(status: number): string {
  if (status === 429) return 'Too many requests for now; wait a moment and try again.'
  if (status >= 500) return 'Something went wrong on our side; try again in a moment.'
  return `The request was refused (${status}).`
}
