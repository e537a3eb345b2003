// Reviews, salaries and interview reports: what the company and job pages read, and what
// a person contributes, edits and deletes.
import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from './client'
import { useSessionStatus } from './session'

export type Review = Schemas['Review']
export type Salary = Schemas['Salary']
export type Interview = Schemas['Interview']
export type ReviewSort = '-created_at' | '-rating' | '-helpful'
/** What a summary or list is about: one company or one job. */
export type Subject = { company_id: string } | { job_id: string }

export const reviewSummaryQuery = (subject: Subject) =>
  queryOptions({
    queryKey: ['review-summary', subject],
    queryFn: () => unwrap(api.GET('/api/v1/reviews/summary', { params: { query: subject } })),
  })

export function useReviewSummary(subject: Subject) {
  return useQuery(reviewSummaryQuery(subject))
}

/** Rating and review count of a page of companies, in one call. */
export function useCompanySummaries(companyIds: string[]) {
  return useQuery({
    queryKey: ['review-summaries', companyIds],
    queryFn: () =>
      unwrap(api.GET('/api/v1/reviews/summaries', { params: { query: { company_id: companyIds } } })),
    enabled: companyIds.length > 0,
    select: (answer) => new Map(answer.items.map((item) => [item.company_id, item])),
  })
}

/**
 * A subject's reviews, a page at a time; the pages loaded stay when one comes back. Each
 * says whether the reader marked it helpful, so the list waits for the session to be known
 * and is a list of its own for each (signing in or out asks again).
 */
export function useReviews(subject: Subject, sort: ReviewSort) {
  const reader = useSessionStatus()
  return useInfiniteQuery({
    queryKey: ['reviews', subject, sort, reader],
    enabled: reader !== 'unknown',
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/reviews', { params: { query: { ...subject, sort, limit: 10, cursor: pageParam } } })),
    getNextPageParam: (page) => page.next_cursor,
  })
}

export function useSalaryStats(subject: Subject) {
  return useQuery({
    queryKey: ['salary-stats', subject],
    queryFn: () => unwrap(api.GET('/api/v1/salaries/stats', { params: { query: subject } })),
  })
}

export function useInterviews(subject: Subject) {
  return useInfiniteQuery({
    queryKey: ['interviews', subject],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/interviews', { params: { query: { ...subject, limit: 10, cursor: pageParam } } })),
    getNextPageParam: (page) => page.next_cursor,
  })
}

export function useInterviewSummary(subject: Subject) {
  return useQuery({
    queryKey: ['interview-summary', subject],
    queryFn: () => unwrap(api.GET('/api/v1/interviews/summary', { params: { query: subject } })),
  })
}

/** Mark a review helpful, or take the mark back. */
export function useHelpful(reviewId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (helpful: boolean) => {
      const path = { params: { path: { review_id: reviewId } } }
      return unwrap(
        helpful ? api.PUT('/api/v1/reviews/{review_id}/helpful', path) : api.DELETE('/api/v1/reviews/{review_id}/helpful', path),
      )
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['reviews'] }),
  })
}

export function useFlag(reviewId: string) {
  return useMutation({
    mutationFn: (flag: Schemas['FlagCreate']) =>
      unwrap(api.POST('/api/v1/reviews/{review_id}/flags', { params: { path: { review_id: reviewId } }, body: flag })),
  })
}

/** Everything a new or changed contribution makes stale. */
function contributionsChanged(client: ReturnType<typeof useQueryClient>) {
  return Promise.all(
    ['reviews', 'review-summary', 'review-summaries', 'salary-stats', 'salaries', 'interviews', 'interview-summary'].map(
      (key) => client.invalidateQueries({ queryKey: [key] }),
    ),
  )
}

export function useWriteReview() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (review: Schemas['ReviewCreate']) => unwrap(api.POST('/api/v1/reviews', { body: review })),
    onSuccess: () => contributionsChanged(client),
  })
}

export function useAddSalary() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (salary: Schemas['SalaryCreate']) => unwrap(api.POST('/api/v1/salaries', { body: salary })),
    onSuccess: () => contributionsChanged(client),
  })
}

export function useReportInterview() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (report: Schemas['InterviewCreate']) => unwrap(api.POST('/api/v1/interviews', { body: report })),
    onSuccess: () => contributionsChanged(client),
  })
}

// The caller's own salaries: "My contributions" lists them, and editing one reads it there.
const mySalaries = queryOptions({
  queryKey: ['salaries', 'mine'],
  queryFn: () => unwrap(api.GET('/api/v1/salaries', { params: { query: { limit: 100 } } })),
})

/** The caller's own contributions, for "My contributions". */
export function useMine(enabled: boolean) {
  const reviews = useQuery({
    queryKey: ['reviews', 'mine'],
    queryFn: () => unwrap(api.GET('/api/v1/reviews', { params: { query: { mine: true, limit: 100 } } })),
    enabled,
  })
  const salaries = useQuery({ ...mySalaries, enabled })
  const interviews = useQuery({
    queryKey: ['interviews', 'mine'],
    queryFn: () => unwrap(api.GET('/api/v1/interviews', { params: { query: { mine: true, limit: 100 } } })),
    enabled,
  })
  return { reviews, salaries, interviews }
}

export function useReview(reviewId: string | undefined) {
  return useQuery({
    queryKey: ['review', reviewId],
    queryFn: () => unwrap(api.GET('/api/v1/reviews/{review_id}', { params: { path: { review_id: reviewId! } } })),
    enabled: reviewId !== undefined,
  })
}

export function useEditReview(reviewId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (change: Schemas['ReviewUpdate']) =>
      unwrap(api.PATCH('/api/v1/reviews/{review_id}', { params: { path: { review_id: reviewId } }, body: change })),
    onSuccess: () => Promise.all([contributionsChanged(client), client.invalidateQueries({ queryKey: ['review', reviewId] }), client.invalidateQueries({ queryKey: ['flags'] })]),
  })
}

export type ContributionKind = 'review' | 'salary' | 'interview'

export function useDeleteContribution() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ kind, id }: { kind: ContributionKind; id: string }) => {
      if (kind === 'review') return unwrap(api.DELETE('/api/v1/reviews/{review_id}', { params: { path: { review_id: id } } }))
      if (kind === 'salary') return unwrap(api.DELETE('/api/v1/salaries/{salary_id}', { params: { path: { salary_id: id } } }))
      return unwrap(api.DELETE('/api/v1/interviews/{interview_id}', { params: { path: { interview_id: id } } }))
    },
    onSuccess: () => contributionsChanged(client),
  })
}

/** One of the caller's salaries (there is no public way to read a salary back). */
export function useMySalary(salaryId: string | undefined) {
  return useQuery({
    ...mySalaries,
    enabled: salaryId !== undefined,
    select: (page) => page.items.find((salary) => salary.id === salaryId) ?? null,
  })
}

export function useInterview(interviewId: string | undefined) {
  return useQuery({
    queryKey: ['interview', interviewId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/interviews/{interview_id}', { params: { path: { interview_id: interviewId! } } })),
    enabled: interviewId !== undefined,
  })
}

export function useEditSalary(salaryId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (change: Schemas['SalaryUpdate']) =>
      unwrap(api.PATCH('/api/v1/salaries/{salary_id}', { params: { path: { salary_id: salaryId } }, body: change })),
    onSuccess: () => Promise.all([contributionsChanged(client), client.invalidateQueries({ queryKey: ['salaries'] })]),
  })
}

export function useEditInterview(interviewId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (change: Schemas['InterviewUpdate']) =>
      unwrap(
        api.PATCH('/api/v1/interviews/{interview_id}', { params: { path: { interview_id: interviewId } }, body: change }),
      ),
    onSuccess: () =>
      Promise.all([contributionsChanged(client), client.invalidateQueries({ queryKey: ['interview', interviewId] })]),
  })
}
