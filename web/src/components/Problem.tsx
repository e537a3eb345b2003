import { ApiError, explain } from '../api/client'

/** What went wrong, in words, where the content would have been; the rest of the page
 * stays. With `retry`, a button asks again (an outage passes; a refusal would not). */
export function Problem({ error, what, retry }: { error: unknown; what: string; retry?: () => void }) {
  const outage = !(error instanceof ApiError) || error.status === 0 || error.status >= 500
  return (
    <div role="alert" className="problem">
      <strong>Could not load {what}.</strong> {explain(error)}
      {retry && outage && (
        <>
          {' '}
          <button type="button" className="link" onClick={retry}>
            Try again
          </button>
        </>
      )}
    </div>
  )
}
