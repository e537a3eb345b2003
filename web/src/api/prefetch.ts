// Render as you fetch: the router's loaders start a page's requests as soon as its address
// is known, before its code renders and asks for them, and chain the ones that need an
// earlier answer (a company's jobs need its id, its page address is its slug). The pages
// still read everything through their hooks; these only fill the same cache first.
import type { QueryClient } from '@tanstack/react-query'
import type { LoaderFunctionArgs } from 'react-router'
import { companyJobsQuery, companyQuery } from './catalog'
import { reviewSummaryQuery } from './reviews'

type Loader = (args: LoaderFunctionArgs) => null

/** A loader that starts `fetch` and does not wait for it: the page shows its own progress. */
function startingWith(fetch: (client: QueryClient, params: LoaderFunctionArgs['params']) => Promise<unknown>) {
  return (client: QueryClient): Loader =>
    ({ params }) => {
      // A failed prefetch is the page's own query failing: its hook shows the problem.
      fetch(client, params).catch(() => undefined)
      return null
    }
}

/** Every tab of a company page needs the company. */
export const companyLoader = startingWith((client, { company = '' }) => client.prefetchQuery(companyQuery(company)))

/** The overview also shows the company's ratings and jobs, which need its id. */
export const companyOverviewLoader = startingWith(async (client, { company = '' }) => {
  const { id } = await client.ensureQueryData(companyQuery(company))
  await Promise.all([
    client.prefetchQuery(companyJobsQuery(id)),
    client.prefetchQuery(reviewSummaryQuery({ company_id: id })),
  ])
})
