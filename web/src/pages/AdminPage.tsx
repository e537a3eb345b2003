// Moderation and accounts, for admins.
import { useDeferredValue, useState } from 'react'
import { useFlags, useMe, useUpdateUser, useUsers } from '../api/account'
import { explain } from '../api/client'
import { useEditReview, type Review } from '../api/reviews'
import { SignedIn } from '../components/Layout'
import { Problem } from '../components/Problem'

export function AdminPage() {
  return (
    <SignedIn>
      <Admin />
    </SignedIn>
  )
}

function Admin() {
  const { user } = useMe()
  if (!user) return <p aria-live="polite">Loading…</p>
  if (user.role !== 'admin') return <p role="alert">This page is for admins.</p>
  return (
    <>
      <h1>Admin</h1>
      <Flagged status="open" title="Moderation queue" none="No open flags." />
      <Flagged status="resolved" title="Recently resolved" none="Nothing resolved yet." />
      <Users />
    </>
  )
}

/** Reviews with open flags (the queue), or whose flags were resolved (to undo a decision). */
function Flagged({ status, title, none }: { status: 'open' | 'resolved'; title: string; none: string }) {
  const flags = useFlags(status)
  const id = `flags-${status}`
  if (flags.isError) return <Problem error={flags.error} what={title.toLowerCase()} />
  if (flags.data === undefined) return <p aria-live="polite">Loading…</p>
  // One entry per review (each flag carries it), with every reason given for it.
  const byReview = new Map<string, { review: Review; reasons: string[] }>()
  for (const flag of flags.data.items) {
    const entry = byReview.get(flag.review_id) ?? { review: flag.review, reasons: [] }
    entry.reasons.push(flag.note ? `${flag.reason}: ${flag.note}` : flag.reason)
    byReview.set(flag.review_id, entry)
  }
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {byReview.size === 0 ? (
        <p>{none}</p>
      ) : (
        <ul className="cards" aria-label={title}>
          {[...byReview].map(([reviewId, { review, reasons }]) => (
            <li key={reviewId}>
              <FlaggedReview review={review} reasons={reasons} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function FlaggedReview({ review, reasons }: { review: Review; reasons: string[] }) {
  const edit = useEditReview(review.id)
  const hidden = review.status === 'hidden'
  return (
    <article className="card" aria-label={`Flagged: ${review.title}`}>
      <h3>{review.title}</h3>
      <p className="meta">
        {[review.company_name, review.job_title, hidden ? 'hidden' : 'published'].filter(Boolean).join(' · ')}
      </p>
      {review.body && <p>{review.body}</p>}
      <p>
        <strong>Flags:</strong> {reasons.join('; ')}
      </p>
      <button type="button" disabled={edit.isPending} onClick={() => edit.mutate({ status: hidden ? 'published' : 'hidden' })}>
        {hidden ? 'Restore review' : 'Hide review'}
      </button>{' '}
      {!hidden && (
        <button type="button" disabled={edit.isPending} onClick={() => edit.mutate({ status: 'published' })}>
          Keep published
        </button>
      )}
      {edit.isError && <span role="alert">{explain(edit.error)}</span>}
    </article>
  )
}

function Users() {
  const [search, setSearch] = useState('')
  const deferred = useDeferredValue(search)
  const users = useUsers(deferred)
  const update = useUpdateUser()
  const { user: me } = useMe()
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <label>
        Search users{' '}
        <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Email or name" />
      </label>
      {update.isError && <div role="alert">{explain(update.error)}</div>}
      {users.isError ? (
        <Problem error={users.error} what="users" />
      ) : users.data === undefined ? (
        <p aria-live="polite">Loading…</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Account</th>
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((user) => (
              <tr key={user.id}>
                <td>{user.email}</td>
                <td>{user.display_name}</td>
                <td>
                  <select
                    aria-label={`Role of ${user.email}`}
                    value={user.role}
                    disabled={user.id === me?.id}
                    onChange={(event) => update.mutate({ id: user.id, change: { role: event.target.value as 'user' } })}
                  >
                    <option value="user">User</option>
                    <option value="admin">Admin</option>
                  </select>
                </td>
                <td>
                  {user.is_active ? 'Active' : 'Deactivated'}{' '}
                  {user.id !== me?.id && (
                    <button
                      type="button"
                      className="link"
                      aria-label={`${user.is_active ? 'Deactivate' : 'Reactivate'} ${user.email}`}
                      disabled={update.isPending}
                      onClick={() => update.mutate({ id: user.id, change: { is_active: !user.is_active } })}
                    >
                      {user.is_active ? 'Deactivate' : 'Reactivate'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
