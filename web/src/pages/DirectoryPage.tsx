import { Link } from 'react-router'
import { useDirectory } from '../api/catalog'
import { Problem } from '../components/Problem'

/** Every company A to Z. */
export function DirectoryPage() {
  const directory = useDirectory()
  const companies = directory.data?.pages.flatMap((page) => page.items) ?? []
  return (
    <section aria-labelledby="directory-title">
      <h1 id="directory-title">Companies A to Z</h1>
      {directory.isError ? (
        <Problem error={directory.error} what="the companies" />
      ) : directory.data === undefined ? (
        <p aria-live="polite">Loading…</p>
      ) : (
        <>
          <ul className="directory" aria-label="Companies A to Z">
            {companies.map((company) => (
              <li key={company.id}>
                <Link to={`/companies/${company.slug}`}>{company.name}</Link>{' '}
                <span className="meta">{company.job_count === 1 ? '1 job' : `${company.job_count} jobs`}</span>
              </li>
            ))}
          </ul>
          {directory.hasNextPage && (
            <button type="button" onClick={() => directory.fetchNextPage()} disabled={directory.isFetchingNextPage}>
              More companies
            </button>
          )}
        </>
      )}
    </section>
  )
}
