// Lists of reviews and interview reports, with what a reader can do to each.
import { useState } from 'react'
import { explain } from '../api/client'
import { useSessionStatus } from '../api/session'
import { useFlag, useHelpful, useInterviews, useReviews, type Interview, type Review, type ReviewSort, type Subject } from '../api/reviews'
import { Stars } from './Charts'
import { Problem } from './Problem'

const TERMS: Record<string, string> = { winter: 'Winter', spring: 'Spring', summer: 'Summer', fall: 'Fall' }

export function when(item: { term: string | null; year: number | null }): string | null {
  if (!item.term && !item.year) return null
  return [item.term && TERMS[item.term], item.year].filter(Boolean).join(' ')
}

export function ReviewList({ subject, sort }: { subject: Subject; sort: ReviewSort }) {
  const reviews = useReviews(subject, sort)
  if (reviews.isError) return <Problem error={reviews.error} what="reviews" />
  if (reviews.data === undefined) return <p aria-live="polite">Loading…</p>
  const items = reviews.data.pages.flatMap((page) => page.items)
  if (items.length === 0) return <p>No reviews yet.</p>
  return (
    <>
      <ol className="cards" aria-label="Reviews">
        {items.map((review) => (
          <li key={review.id}>
            <ReviewCard review={review} />
          </li>
        ))}
      </ol>
      {reviews.hasNextPage && (
        <button type="button" onClick={() => reviews.fetchNextPage()} disabled={reviews.isFetchingNextPage}>
          {reviews.isFetchingNextPage ? 'Loading…' : 'More reviews'}
        </button>
      )}
    </>
  )
}

function ReviewCard({ review }: { review: Review }) {
  const signedIn = useSessionStatus() === 'signed-in'
  return (
    <article className="card" aria-label={review.title}>
      <h3>{review.title}</h3>
      <p className="meta">
        <Stars value={review.rating} />
        {' · '}
        {[review.job_title, when(review), review.program, review.coop_number && `co-op ${review.coop_number}`]
          .filter(Boolean)
          .join(' · ')}
        {review.would_recommend !== null && <> · {review.would_recommend ? 'Would recommend' : 'Would not recommend'}</>}
      </p>
      {review.body && <p>{review.body}</p>}
      {review.pros && (
        <p>
          <strong>Pros:</strong> {review.pros}
        </p>
      )}
      {review.cons && (
        <p>
          <strong>Cons:</strong> {review.cons}
        </p>
      )}
      <div className="actions">
        {signedIn && !review.is_mine ? (
          <>
            <HelpfulButton review={review} />
            <FlagForm review={review} />
          </>
        ) : (
          <span className="meta">{review.helpful_count} found this helpful</span>
        )}
      </div>
    </article>
  )
}

function HelpfulButton({ review }: { review: Review }) {
  const helpful = useHelpful(review.id)
  // While the vote is on its way (and the list is read again after it), the button shows
  // what was asked for; then what the API says.
  const marked = helpful.isPending ? helpful.variables : review.marked_helpful
  return (
    <>
      <button type="button" aria-pressed={marked} disabled={helpful.isPending} onClick={() => helpful.mutate(!marked)}>
        Helpful ({review.helpful_count})
      </button>
      {helpful.isError && <span role="alert">{explain(helpful.error)}</span>}
    </>
  )
}

const REASONS: [string, string][] = [
  ['spam', 'Spam'],
  ['offensive', 'Offensive'],
  ['off_topic', 'Off topic'],
  ['personal_info', 'Personal information'],
  ['other', 'Other'],
]

function FlagForm({ review }: { review: Review }) {
  const flag = useFlag(review.id)
  const [open, setOpen] = useState(false)
  if (flag.isSuccess) return <span role="status">Thanks: a moderator will look at it.</span>
  if (!open)
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        Flag
      </button>
    )
  return (
    <form
      className="flag"
      aria-label={`Flag “${review.title}”`}
      onSubmit={(event) => {
        event.preventDefault()
        const data = new FormData(event.currentTarget)
        const note = String(data.get('note') ?? '').trim()
        flag.mutate({ reason: data.get('reason') as 'spam', note: note || undefined })
      }}
    >
      <label>
        Reason{' '}
        <select name="reason" defaultValue="spam">
          {REASONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Note <input name="note" maxLength={500} />
      </label>
      <button type="submit" disabled={flag.isPending}>
        Send flag
      </button>
      {flag.isError && <span role="alert">{explain(flag.error)}</span>}
    </form>
  )
}

const OUTCOME_NAMES: Record<Interview['outcome'], string> = {
  offer: 'Offer',
  rejected: 'Rejected',
  no_response: 'No response',
  withdrew: 'Withdrew',
}

export function InterviewList({ subject }: { subject: Subject }) {
  const interviews = useInterviews(subject)
  if (interviews.isError) return <Problem error={interviews.error} what="interview reports" />
  if (interviews.data === undefined) return <p aria-live="polite">Loading…</p>
  const items = interviews.data.pages.flatMap((page) => page.items)
  if (items.length === 0) return <p>No interview reports yet.</p>
  return (
    <>
      <ol className="cards" aria-label="Interview reports">
        {items.map((report) => (
          <li key={report.id}>
            <article className="card" aria-label={`Interview for ${report.job_title ?? 'a job'}`}>
              <h3>{report.job_title ?? 'Interview'}</h3>
              <p className="meta">
                Difficulty {report.difficulty} / 5 · {OUTCOME_NAMES[report.outcome]}
                {when(report) && <> · {when(report)}</>}
              </p>
              {report.experience && <p>{report.experience}</p>}
              <ul className="questions" aria-label="Questions asked">
                {report.questions.map((question, index) => (
                  <li key={index}>{question}</li>
                ))}
              </ul>
            </article>
          </li>
        ))}
      </ol>
      {interviews.hasNextPage && (
        <button type="button" onClick={() => interviews.fetchNextPage()} disabled={interviews.isFetchingNextPage}>
          More interview reports
        </button>
      )}
    </>
  )
}
