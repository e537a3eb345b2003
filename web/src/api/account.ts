// The signed-in person's account, and the admin's view of everyone's.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from './client'
import { forgetSession, useSessionStatus } from './session'

export type User = Schemas['User']

/** The signed-in person, or undefined while unknown or signed out. */
export function useMe() {
  const status = useSessionStatus()
  const me = useQuery({
    queryKey: ['me'],
    queryFn: () => unwrap(api.GET('/api/v1/users/me')),
    enabled: status === 'signed-in',
    staleTime: 5 * 60_000,
  })
  return { status, user: status === 'signed-in' ? me.data : undefined }
}

export function useSignUp() {
  return useMutation({
    mutationFn: (account: Schemas['Register']) => unwrap(api.POST('/api/v1/auth/register', { body: account })),
  })
}

export function useUpdateMe() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (change: Schemas['MeUpdate']) => unwrap(api.PATCH('/api/v1/users/me', { body: change })),
    onSuccess: (user) => client.setQueryData(['me'], user),
  })
}

export function useDeleteAccount() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/users/me')),
    onSuccess: () => {
      forgetSession()
      client.clear()
    },
  })
}

export function useUsers(search: string) {
  const q = search.trim()
  return useQuery({
    queryKey: ['users', q],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { q: q || undefined, limit: 50 } } })),
  })
}

export function useUpdateUser() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: Schemas['AdminUserUpdate'] }) =>
      unwrap(api.PATCH('/api/v1/users/{user_id}', { params: { path: { user_id: id } }, body: change })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  })
}

/** Flags, newest first: the open ones are the moderation queue. */
export function useFlags(status: 'open' | 'resolved') {
  return useQuery({
    queryKey: ['flags', status],
    queryFn: () => unwrap(api.GET('/api/v1/flags', { params: { query: { status, limit: 100 } } })),
  })
}
