// What the pages read and change of companies and jobs, as TanStack Query hooks.
import { keepPreviousData, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from './client'

export type Company = Schemas['Company']
export type Job = Schemas['Job']
export type JobFilters = { location?: string; employment_type?: Job['employment_type']; workplace?: NonNullable<Job['workplace']> }

export function useCompanies(search: string, industry?: string) {
  const q = search.trim()
  return useQuery({
    queryKey: ['companies', { q, industry }],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/companies', {
          params: { query: { ...(q ? { q } : { sort: '-job_count' }), industry, limit: 20 } },
        }),
      ),
    // While the next letters are typed, the last results stay on screen.
    placeholderData: keepPreviousData,
  })
}

/** Every company A to Z, a page at a time. */
export function useDirectory() {
  return useInfiniteQuery({
    queryKey: ['directory'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/companies', { params: { query: { sort: 'name', limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.next_cursor,
  })
}

/** The values jobs can be filtered by, with how many jobs have each. */
export function useJobFilters() {
  return useQuery({
    queryKey: ['job-filters'],
    queryFn: () => unwrap(api.GET('/api/v1/jobs/filters')),
    staleTime: 5 * 60_000,
  })
}

export function useJobSearch(search: string, filters: JobFilters) {
  const q = search.trim()
  return useQuery({
    queryKey: ['jobs', { q, ...filters }],
    queryFn: () => unwrap(api.GET('/api/v1/jobs', { params: { query: { q: q || undefined, ...filters, limit: 20 } } })),
    placeholderData: keepPreviousData,
  })
}

/** One company, by its slug (the page's address) or id. */
export const companyQuery = (company: string) =>
  queryOptions({
    queryKey: ['company', company],
    queryFn: () => unwrap(api.GET('/api/v1/companies/{company}', { params: { path: { company } } })),
  })

export function useCompany(company: string) {
  return useQuery(companyQuery(company))
}

/** A company's jobs, by title. */
export const companyJobsQuery = (companyId: string) =>
  queryOptions({
    queryKey: ['jobs', { company_id: companyId }],
    queryFn: () => unwrap(api.GET('/api/v1/jobs', { params: { query: { company_id: companyId, sort: 'title', limit: 100 } } })),
  })

/** The company's jobs, once its id is known. */
export function useCompanyJobs(companyId: string | undefined) {
  return useQuery({ ...companyJobsQuery(companyId ?? ''), enabled: companyId !== undefined })
}

export function useJob(jobId: string) {
  return useQuery({
    queryKey: ['job', jobId],
    queryFn: () => unwrap(api.GET('/api/v1/jobs/{job_id}', { params: { path: { job_id: jobId } } })),
  })
}

export function useSavedJobs(enabled: boolean) {
  return useQuery({
    queryKey: ['jobs', { saved: true }],
    queryFn: () => unwrap(api.GET('/api/v1/jobs', { params: { query: { saved: true, limit: 100 } } })),
    enabled,
  })
}

/** Save or unsave a job; the job's `is_saved` follows at once, and the lists after. */
export function useSaveJob(jobId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (saved: boolean) =>
      unwrap(
        saved
          ? api.PUT('/api/v1/jobs/{job_id}/saved', { params: { path: { job_id: jobId } } })
          : api.DELETE('/api/v1/jobs/{job_id}/saved', { params: { path: { job_id: jobId } } }),
      ),
    onSuccess: (_, saved) => {
      client.setQueryData<Job>(['job', jobId], (job) => (job ? { ...job, is_saved: saved } : job))
      return client.invalidateQueries({ queryKey: ['jobs'] })
    },
  })
}
