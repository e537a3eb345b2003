import { useDeferredValue, useId } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useCompanies, useJobFilters, useJobSearch, type Job, type JobFilters } from '../api/catalog'
import { useCompanySummaries } from '../api/reviews'
import { Stars } from '../components/Charts'
import { Problem } from '../components/Problem'

const FILTERS = ['industry', 'location', 'employment_type', 'workplace'] as const

/** One search box for companies and jobs, with filters; results as you type; all in the address. */
export function FindPage() {
  const [params, setParams] = useSearchParams()
  const search = params.get('q') ?? ''
  // Typing stays instant; the requests follow the text a moment later.
  const deferred = useDeferredValue(search)
  const industry = params.get('industry') ?? undefined
  const jobFilters: JobFilters = {
    location: params.get('location') ?? undefined,
    employment_type: (params.get('employment_type') ?? undefined) as JobFilters['employment_type'],
    workplace: (params.get('workplace') ?? undefined) as JobFilters['workplace'],
  }
  const companies = useCompanies(deferred, industry)
  const jobs = useJobSearch(deferred, jobFilters)
  const filters = useJobFilters()
  const summaries = useCompanySummaries(companies.data?.items.map((company) => company.id) ?? [])
  const inputId = useId()

  const change = (name: string, value: string) => {
    const next = new URLSearchParams(params)
    if (value) next.set(name, value)
    else next.delete(name)
    setParams(next, { replace: true })
  }
  const choices: Record<(typeof FILTERS)[number], [string, { value: string; count: number }[] | undefined]> = {
    industry: ['Industry', filters.data?.industries],
    location: ['Location', filters.data?.locations],
    employment_type: ['Employment type', filters.data?.employment_types],
    workplace: ['Workplace', filters.data?.workplaces],
  }
  const jobsFiltered = Boolean(jobFilters.location || jobFilters.employment_type || jobFilters.workplace)

  return (
    <section aria-labelledby="find-title">
      <h1 id="find-title">Find companies and jobs</h1>
      <form role="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={inputId}>Search</label>
        <input
          id={inputId}
          type="search"
          value={search}
          placeholder="Company name or job title"
          autoComplete="off"
          onChange={(event) => change('q', event.target.value)}
        />
        <fieldset className="filters">
          <legend>Filters</legend>
          {FILTERS.map((name) => {
            const [label, values] = choices[name]
            return (
              <label key={name}>
                {label}
                <select value={params.get(name) ?? ''} onChange={(event) => change(name, event.target.value)}>
                  <option value="">Any</option>
                  {values?.map(({ value, count }) => (
                    <option key={value} value={value}>
                      {value} ({count})
                    </option>
                  ))}
                </select>
              </label>
            )
          })}
        </fieldset>
      </form>
      <div className="columns">
        {!jobsFiltered && (
          <section aria-labelledby="companies-title">
            <h2 id="companies-title">Companies</h2>
            {companies.isError ? (
              <Problem error={companies.error} what="companies" />
            ) : companies.data === undefined ? (
              <p aria-live="polite">Loading…</p>
            ) : companies.data.items.length === 0 ? (
              <p aria-live="polite">No company matches “{deferred}”.</p>
            ) : (
              <ul
                className="results"
                // Until the answer for the new text arrives, the last results stay, marked busy.
                aria-busy={companies.isPlaceholderData}
                aria-label={deferred && !companies.isPlaceholderData ? `Companies matching ${deferred}` : 'Companies'}
              >
                {companies.data.items.map((company) => {
                  const summary = summaries.data?.get(company.id)
                  return (
                    <li key={company.id}>
                      <Link to={`/companies/${company.slug}`}>{company.name}</Link>
                      <span className="meta">
                        {summary && summary.count > 0 ? (
                          <>
                            <Stars value={summary.average} /> · {summary.count === 1 ? '1 review' : `${summary.count} reviews`}
                          </>
                        ) : (
                          'No reviews yet'
                        )}
                      </span>
                      <span className="meta">
                        {[company.industry, company.headquarters].filter(Boolean).join(' · ')}
                        {' · '}
                        {company.job_count === 1 ? '1 job' : `${company.job_count} jobs`}
                      </span>
                    </li>
                  )
                })}
              </ul>
            )}
          </section>
        )}
        {!industry && (
          <section aria-labelledby="jobs-title">
            <h2 id="jobs-title">Jobs</h2>
            {jobs.isError ? (
              <Problem error={jobs.error} what="jobs" />
            ) : jobs.data === undefined ? (
              <p aria-live="polite">Loading…</p>
            ) : jobs.data.items.length === 0 ? (
              <p aria-live="polite">No job matches.</p>
            ) : (
              <JobList jobs={jobs.data.items} label={deferred && !jobs.isPlaceholderData ? `Jobs matching ${deferred}` : 'Jobs'} />
            )}
          </section>
        )}
      </div>
    </section>
  )
}

export function JobList({ jobs, label, withCompany = true }: { jobs: Job[]; label: string; withCompany?: boolean }) {
  return (
    <ul className="results" aria-label={label}>
      {jobs.map((job) => (
        <li key={job.id}>
          <Link to={`/jobs/${job.id}`}>{job.title}</Link>
          <span className="meta">
            {[withCompany && job.company.name, job.employment_type, job.workplace, job.location].filter(Boolean).join(' · ')}
          </span>
        </li>
      ))}
    </ul>
  )
}
