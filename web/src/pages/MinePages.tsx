// What is one's own: saved jobs, and one's reviews, salaries and interview reports.
import { Link } from 'react-router'
import { useSavedJobs } from '../api/catalog'
import { explain } from '../api/client'
import { useDeleteContribution, useMine, type ContributionKind } from '../api/reviews'
import { useSessionStatus } from '../api/session'
import { money } from '../components/Charts'
import { when } from '../components/Contributions'
import { SignedIn } from '../components/Layout'
import { Problem } from '../components/Problem'
import { JobList } from './FindPage'

export function SavedPage() {
  const signedIn = useSessionStatus() === 'signed-in'
  const saved = useSavedJobs(signedIn)
  return (
    <SignedIn>
      <section aria-labelledby="saved-title">
        <h1 id="saved-title">Saved jobs</h1>
        {saved.isError ? (
          <Problem error={saved.error} what="your saved jobs" />
        ) : saved.data === undefined ? (
          <p aria-live="polite">Loading…</p>
        ) : saved.data.items.length === 0 ? (
          <p>
            Nothing saved yet: the star on a job's page keeps it here. <Link to="/">Find jobs</Link>
          </p>
        ) : (
          <JobList jobs={saved.data.items} label="Saved jobs" />
        )}
      </section>
    </SignedIn>
  )
}

type Row = { kind: ContributionKind; id: string; title: string; detail: string; edit: string }

export function ContributionsPage() {
  const signedIn = useSessionStatus() === 'signed-in'
  const { reviews, salaries, interviews } = useMine(signedIn)
  const remove = useDeleteContribution()
  const sections: [string, typeof reviews | typeof salaries | typeof interviews, Row[] | undefined][] = [
    [
      'Reviews',
      reviews,
      reviews.data?.items.map((review) => ({
        kind: 'review',
        id: review.id,
        title: review.title,
        detail: [`${review.rating} / 5`, review.job_title, review.company_name, review.status === 'hidden' && 'hidden by a moderator']
          .filter(Boolean)
          .join(' · '),
        edit: `/me/reviews/${review.id}`,
      })),
    ],
    [
      'Salaries',
      salaries,
      salaries.data?.items.map((salary) => ({
        kind: 'salary',
        id: salary.id,
        title: `${money(salary.amount, salary.currency)} ${salary.period}`,
        detail: [salary.job_title, salary.company_name, when(salary)].filter(Boolean).join(' · '),
        edit: `/me/salaries/${salary.id}`,
      })),
    ],
    [
      'Interview reports',
      interviews,
      interviews.data?.items.map((report) => ({
        kind: 'interview',
        id: report.id,
        title: `Interview: ${report.job_title ?? 'a job'}`,
        detail: [report.company_name, `difficulty ${report.difficulty} / 5`, when(report)].filter(Boolean).join(' · '),
        edit: `/me/interviews/${report.id}`,
      })),
    ],
  ]
  return (
    <SignedIn>
      <h1>My contributions</h1>
      <p className="meta">Only you see this list: to everyone else your contributions are anonymous.</p>
      {remove.isError && <div role="alert">{explain(remove.error)}</div>}
      {sections.map(([heading, query, rows]) => (
        <section key={heading} aria-label={heading}>
          <h2>{heading}</h2>
          {query.isError ? (
            <Problem error={query.error} what={heading.toLowerCase()} />
          ) : rows === undefined ? (
            <p aria-live="polite">Loading…</p>
          ) : rows.length === 0 ? (
            <p>None yet.</p>
          ) : (
            <ul className="results">
              {rows.map((row) => (
                <li key={row.id} className="with-actions">
                  <span>
                    <strong>{row.title}</strong> <span className="meta">{row.detail}</span>
                  </span>
                  <span className="actions">
                    <Link to={row.edit} aria-label={`Edit ${row.title}`}>
                      Edit
                    </Link>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Delete ${row.title}`}
                      disabled={remove.isPending}
                      onClick={() => {
                        if (window.confirm(`Delete “${row.title}”? This cannot be undone.`)) remove.mutate(row)
                      }}
                    >
                      Delete
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </SignedIn>
  )
}
