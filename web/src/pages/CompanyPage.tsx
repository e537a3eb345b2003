import { Link, NavLink, Outlet, useOutletContext, useParams, useSearchParams } from 'react-router'
import { useCompany, useCompanyJobs, type Company } from '../api/catalog'
import { useInterviewSummary, useReviewSummary, useSalaryStats, type ReviewSort, type Subject } from '../api/reviews'
import { RatingBars, SalaryBox, Stars } from '../components/Charts'
import { InterviewList, ReviewList } from '../components/Contributions'
import { Problem } from '../components/Problem'
import { JobList } from './FindPage'

/** The company's header and its tabs; each tab is an address of its own. */
export function CompanyPage() {
  const { company: slug = '' } = useParams()
  const company = useCompany(slug)
  if (company.isError) return <Problem error={company.error} what="this company" retry={() => company.refetch()} />
  if (company.data === undefined) return <p aria-live="polite">Loading…</p>
  const { name, industry, headquarters, website, size } = company.data
  const base = `/companies/${company.data.slug}`
  return (
    <article aria-labelledby="company-title">
      <p>
        <Link to="/companies">← All companies</Link>
      </p>
      <h1 id="company-title">{name}</h1>
      <p className="meta">
        {[industry, headquarters, size && `${size} employees`].filter(Boolean).join(' · ')}
        {website && (
          <>
            {' · '}
            <a href={website} rel="noopener noreferrer">
              {website.replace(/^https?:\/\//, '')}
            </a>
          </>
        )}
      </p>
      <nav aria-label="Company" className="tabs">
        <NavLink to={base} end>
          Overview
        </NavLink>
        <NavLink to={`${base}/reviews`}>Reviews</NavLink>
        <NavLink to={`${base}/salaries`}>Salaries</NavLink>
        <NavLink to={`${base}/interviews`}>Interviews</NavLink>
      </nav>
      <Outlet context={company.data} />
    </article>
  )
}

function useCompanyHere() {
  const company = useOutletContext<Company>()
  return { company, subject: { company_id: company.id } as Subject }
}

export function CompanyOverview() {
  const { company, subject } = useCompanyHere()
  const summary = useReviewSummary(subject)
  const jobs = useCompanyJobs(company.id)
  return (
    <>
      {company.description && <p>{company.description}</p>}
      <section aria-labelledby="ratings-title">
        <h2 id="ratings-title">Ratings</h2>
        {summary.isError ? (
          <Problem error={summary.error} what="its ratings" />
        ) : summary.data === undefined ? (
          <p aria-live="polite">Loading…</p>
        ) : summary.data.count === 0 ? (
          <p>No reviews yet. Pick one of its jobs below to write the first.</p>
        ) : (
          <div className="summary">
            <p className="big">
              <Stars value={summary.data.rating.average} /> from {summary.data.count} reviews
              {summary.data.would_recommend_pct !== null && <> · {Math.round(summary.data.would_recommend_pct)} % would recommend</>}
            </p>
            <RatingBars distribution={summary.data.rating.distribution} count={summary.data.count} />
            <SubRatings ratings={summary.data.ratings} />
          </div>
        )}
      </section>
      <section aria-labelledby="jobs-title">
        <h2 id="jobs-title">Jobs</h2>
        {jobs.isError ? (
          <Problem error={jobs.error} what="its jobs" />
        ) : jobs.data === undefined ? (
          <p aria-live="polite">Loading…</p>
        ) : jobs.data.items.length === 0 ? (
          <p>No jobs listed yet.</p>
        ) : (
          <JobList jobs={jobs.data.items} label={`Jobs at ${company.name}`} withCompany={false} />
        )}
      </section>
    </>
  )
}

const SUB_RATINGS: Record<string, string> = {
  work_life_balance: 'Work–life balance',
  culture: 'Culture',
  learning: 'Learning',
  compensation: 'Compensation',
}

export function SubRatings({ ratings }: { ratings: Record<string, number | null> }) {
  return (
    <dl className="sub-ratings">
      {Object.entries(SUB_RATINGS).map(([key, label]) => (
        <div key={key}>
          <dt>{label}</dt>
          <dd>{ratings[key] == null ? '—' : `${ratings[key]!.toFixed(1)} / 5`}</dd>
        </div>
      ))}
    </dl>
  )
}

const SORTS: [ReviewSort, string][] = [
  ['-created_at', 'Newest'],
  ['-helpful', 'Most helpful'],
  ['-rating', 'Highest rated'],
]

export function CompanyReviews() {
  const { subject } = useCompanyHere()
  const [params, setParams] = useSearchParams()
  const sort = (params.get('sort') as ReviewSort | null) ?? '-created_at'
  return (
    <section aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      <label className="inline">
        Sort by{' '}
        <select value={sort} onChange={(event) => setParams({ sort: event.target.value }, { replace: true })}>
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <ReviewList subject={subject} sort={sort} />
    </section>
  )
}

export function CompanySalaries() {
  const { subject } = useCompanyHere()
  return <SalaryStats subject={subject} />
}

export function SalaryStats({ subject }: { subject: Subject }) {
  const stats = useSalaryStats(subject)
  return (
    <section aria-labelledby="salaries-title">
      <h2 id="salaries-title">Salaries</h2>
      <p className="meta">The middle half of what people were paid: 25th percentile, median and 75th percentile.</p>
      {stats.isError ? (
        <Problem error={stats.error} what="salaries" />
      ) : stats.data === undefined ? (
        <p aria-live="polite">Loading…</p>
      ) : stats.data.groups.length === 0 ? (
        <p>No salaries shared yet.</p>
      ) : (
        <div className="boxes">
          {stats.data.groups.map((group) => (
            <SalaryBox key={`${group.currency}-${group.period}`} group={group} />
          ))}
        </div>
      )}
    </section>
  )
}

export function CompanyInterviews() {
  const { subject } = useCompanyHere()
  return <Interviews subject={subject} />
}

const OUTCOMES: Record<string, string> = { offer: 'Offer', rejected: 'Rejected', no_response: 'No response', withdrew: 'Withdrew' }

export function Interviews({ subject }: { subject: Subject }) {
  const summary = useInterviewSummary(subject)
  return (
    <section aria-labelledby="interviews-title">
      <h2 id="interviews-title">Interviews</h2>
      {summary.data && summary.data.count > 0 && (
        <p className="meta">
          {summary.data.count} reports · difficulty {summary.data.average_difficulty?.toFixed(1)} / 5 ·{' '}
          {Object.entries(summary.data.outcomes)
            .filter(([, n]) => n > 0)
            .map(([outcome, n]) => `${OUTCOMES[outcome] ?? outcome}: ${n}`)
            .join(', ')}
        </p>
      )}
      <InterviewList subject={subject} />
    </section>
  )
}

export { OUTCOMES }
