// The private application tracker: the caller's own applications, their timeline and contacts.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from './client'

export type Application = Schemas['Application']
export type ApplicationSummary = Schemas['ApplicationSummary']
export type Status = Application['status']

/** The board's columns, in the order an application moves through them. */
export const OPEN_STATUSES: Status[] = ['wishlist', 'applied', 'assessment', 'interviewing', 'offer']
export const CLOSED_STATUSES: Status[] = ['accepted', 'rejected', 'withdrawn', 'ghosted']
export const STATUSES: Status[] = [...OPEN_STATUSES, ...CLOSED_STATUSES]
export const STATUS_NAMES: Record<Status, string> = {
  wishlist: 'Wishlist',
  applied: 'Applied',
  assessment: 'Assessment',
  interviewing: 'Interviewing',
  offer: 'Offer',
  accepted: 'Accepted',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  ghosted: 'Ghosted',
}

export function useApplications() {
  return useQuery({
    queryKey: ['applications'],
    queryFn: () => unwrap(api.GET('/api/v1/applications', { params: { query: { limit: 100 } } })),
  })
}

export function useApplicationStats() {
  return useQuery({
    queryKey: ['applications', 'stats'],
    queryFn: () => unwrap(api.GET('/api/v1/applications/stats')),
  })
}

export function useApplication(id: string) {
  return useQuery({
    queryKey: ['applications', id],
    queryFn: () =>
      unwrap(api.GET('/api/v1/applications/{application_id}', { params: { path: { application_id: id } } })),
  })
}

export function useTrack() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (application: Schemas['ApplicationCreate']) =>
      unwrap(api.POST('/api/v1/applications', { body: application })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['applications'] }),
  })
}

/** Change an application; the board shows a move at once and settles on the answer. */
export function useUpdateApplication() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: Schemas['ApplicationUpdate'] }) =>
      unwrap(
        api.PATCH('/api/v1/applications/{application_id}', {
          params: { path: { application_id: id } },
          body: change,
        }),
      ),
    onMutate: async ({ id, change }) => {
      await client.cancelQueries({ queryKey: ['applications'], exact: true })
      const before = client.getQueryData<Schemas['ApplicationSummaryPage']>(['applications'])
      if (before && change.status)
        client.setQueryData(['applications'], {
          ...before,
          items: before.items.map((item) => (item.id === id ? { ...item, status: change.status! } : item)),
        })
      return { before }
    },
    onError: (_error, _variables, context) => {
      if (context?.before) client.setQueryData(['applications'], context.before)
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['applications'] }),
  })
}

export function useDeleteApplication() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/applications/{application_id}', { params: { path: { application_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['applications'] }),
  })
}
