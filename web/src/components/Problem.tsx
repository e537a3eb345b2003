import { ApiError } from '../api/client'

/** What went wrong, in words, where the content would have been; the rest of the page stays. */
export function Problem({ error, what }: { error: unknown; what: string }) {
  const detail =
    error instanceof ApiError && error.status === 503
      ? `${error.detail} Try again in a moment; the rest of Jobsight keeps working.`
      : error instanceof ApiError
        ? error.detail
        : 'Something unexpected went wrong.'
  return (
    <div role="alert" className="problem">
      <strong>Could not load {what}.</strong> {detail}
    </div>
  )
}
