// What the pages read of companies and jobs, as TanStack Query hooks.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api, unwrap } from './client'

export function useCompanies(search: string) {
  const q = search.trim()
  return useQuery({
    queryKey: ['companies', { q }],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/companies', {
          params: { query: q ? { q, limit: 20 } : { sort: '-job_count', limit: 20 } },
        }),
      ),
    // While the next letters are typed, the last results stay on screen.
    placeholderData: keepPreviousData,
  })
}

/** One company, by its slug (the page's address) or id. */
export function useCompany(company: string) {
  return useQuery({
    queryKey: ['company', company],
    queryFn: () => unwrap(api.GET('/api/v1/companies/{company}', { params: { path: { company } } })),
  })
}

/** The company's jobs, once its id is known. */
export function useCompanyJobs(companyId: string | undefined) {
  return useQuery({
    queryKey: ['jobs', { company_id: companyId }],
    queryFn: () =>
      unwrap(api.GET('/api/v1/jobs', { params: { query: { company_id: companyId } } })),
    enabled: companyId !== undefined,
  })
}
