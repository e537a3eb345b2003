import { useDeferredValue, useId } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useCompanies } from '../api/catalog'
import { Problem } from '../components/Problem'

/** One search box for companies; results as you type; the query lives in the address. */
export function FindPage() {
  const [params, setParams] = useSearchParams()
  const search = params.get('q') ?? ''
  // Typing stays instant; the request follows the text a moment later.
  const deferred = useDeferredValue(search)
  const companies = useCompanies(deferred)
  const inputId = useId()
  return (
    <section aria-labelledby="find-title">
      <h1 id="find-title">Find a company</h1>
      <form role="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={inputId}>Search</label>
        <input
          id={inputId}
          type="search"
          value={search}
          placeholder="Company name"
          autoComplete="off"
          onChange={(event) => {
            const q = event.target.value
            setParams(q ? { q } : {}, { replace: true })
          }}
        />
      </form>
      {companies.isError ? (
        <Problem error={companies.error} what="companies" />
      ) : companies.data === undefined ? (
        <p aria-live="polite">Loading…</p>
      ) : companies.data.items.length === 0 ? (
        <p aria-live="polite">No company matches “{deferred}”.</p>
      ) : (
        <ul className="results" aria-label={deferred ? `Companies matching ${deferred}` : 'Companies'}>
          {companies.data.items.map((company) => (
            <li key={company.id}>
              <Link to={`/companies/${company.slug}`}>{company.name}</Link>
              <span className="meta">
                {[company.industry, company.headquarters].filter(Boolean).join(' · ')}
                {' · '}
                {company.job_count === 1 ? '1 job' : `${company.job_count} jobs`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
