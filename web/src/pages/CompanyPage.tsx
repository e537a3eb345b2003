import { Link, useParams } from 'react-router'
import { useCompany, useCompanyJobs } from '../api/catalog'
import { Problem } from '../components/Problem'

export function CompanyPage() {
  const { company: slug = '' } = useParams()
  const company = useCompany(slug)
  const jobs = useCompanyJobs(company.data?.id)
  if (company.isError) return <Problem error={company.error} what="this company" />
  if (company.data === undefined) return <p aria-live="polite">Loading…</p>
  const { name, industry, headquarters, website, description } = company.data
  return (
    <article aria-labelledby="company-title">
      <p>
        <Link to="/">← All companies</Link>
      </p>
      <h1 id="company-title">{name}</h1>
      <p className="meta">{[industry, headquarters].filter(Boolean).join(' · ')}</p>
      {website && (
        <p>
          <a href={website} rel="noopener noreferrer">
            {website}
          </a>
        </p>
      )}
      {description && <p>{description}</p>}
      <section aria-labelledby="jobs-title">
        <h2 id="jobs-title">Jobs</h2>
        {jobs.isError ? (
          <Problem error={jobs.error} what="its jobs" />
        ) : jobs.data === undefined ? (
          <p aria-live="polite">Loading…</p>
        ) : jobs.data.items.length === 0 ? (
          <p>No jobs listed yet.</p>
        ) : (
          <ul className="results">
            {jobs.data.items.map((job) => (
              <li key={job.id}>
                <span>{job.title}</span>
                <span className="meta">
                  {[job.employment_type, job.workplace, job.location].filter(Boolean).join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  )
}
