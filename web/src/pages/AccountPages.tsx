// Sign up, log in, and the account's settings (name, password, deleting it).
import { useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useQueryClient } from '@tanstack/react-query'
import { useDeleteAccount, useMe, useSignUp, useUpdateMe } from '../api/account'
import { problemOf } from '../api/client'
import { logIn } from '../api/session'
import { FormProblem, TextField, fieldErrors, valuesOf } from '../components/fields'
import { SignedIn } from '../components/Layout'

/** Where to go once signed in: the page that asked, if it is one of ours. */
function useNext(): string {
  const [params] = useSearchParams()
  const next = params.get('next') ?? '/'
  return next.startsWith('/') && !next.startsWith('//') ? next : '/'
}

async function signIn(email: string, password: string) {
  const response = await logIn(email, password)
  if (!response.ok) throw problemOf(response.status, await response.json().catch(() => undefined))
}

export function LogInPage() {
  const [error, setError] = useState<unknown>(null)
  const [pending, setPending] = useState(false)
  const navigate = useNavigate()
  const next = useNext()
  const client = useQueryClient()
  return (
    <section aria-labelledby="login-title" className="narrow">
      <h1 id="login-title">Log in</h1>
      <form
        className="stack"
        onSubmit={async (event) => {
          event.preventDefault()
          const { email = '', password = '' } = valuesOf(event.currentTarget)
          setPending(true)
          try {
            await signIn(email, password)
            client.clear()
            navigate(next)
          } catch (refusal) {
            setError(refusal)
          } finally {
            setPending(false)
          }
        }}
      >
        <TextField label="Email" name="email" type="email" autoComplete="username" required />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
        <FormProblem error={error} />
        <button type="submit" disabled={pending}>
          Log in
        </button>
      </form>
      <p>
        New here? <Link to="/signup">Sign up</Link>
      </p>
    </section>
  )
}

export function SignUpPage() {
  const signUp = useSignUp()
  const [error, setError] = useState<unknown>(null)
  const navigate = useNavigate()
  const next = useNext()
  const errors = fieldErrors(error)
  return (
    <section aria-labelledby="signup-title" className="narrow">
      <h1 id="signup-title">Sign up</h1>
      <form
        className="stack"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault()
          const { email = '', password = '', display_name = '' } = valuesOf(event.currentTarget)
          setError(null)
          try {
            await signUp.mutateAsync({ email, password, display_name })
            await signIn(email, password)
            navigate(next)
          } catch (refusal) {
            setError(refusal)
          }
        }}
      >
        <TextField label="Email" name="email" type="email" autoComplete="email" errors={errors} />
        <TextField label="Display name" name="display_name" autoComplete="nickname" errors={errors} hint="Never shown next to your reviews or salaries" />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" errors={errors} hint="8 to 128 characters" />
        <FormProblem error={error} />
        <button type="submit" disabled={signUp.isPending}>
          Sign up
        </button>
      </form>
      <p>
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </section>
  )
}

export function AccountPage() {
  return (
    <SignedIn>
      <Account />
    </SignedIn>
  )
}

function Account() {
  const { user } = useMe()
  const rename = useUpdateMe()
  const password = useUpdateMe()
  const remove = useDeleteAccount()
  const [confirming, setConfirming] = useState(false)
  const navigate = useNavigate()
  if (!user) return <p aria-live="polite">Loading…</p>
  return (
    <section aria-labelledby="account-title" className="narrow">
      <h1 id="account-title">Your account</h1>
      <p className="meta">Signed in as {user.email}</p>
      <form
        className="stack"
        aria-labelledby="name-title"
        onSubmit={(event) => {
          event.preventDefault()
          rename.mutate({ display_name: valuesOf(event.currentTarget).display_name ?? '' })
        }}
      >
        <h2 id="name-title">Display name</h2>
        <TextField label="Display name" name="display_name" defaultValue={user.display_name} errors={fieldErrors(rename.error)} />
        <FormProblem error={rename.error} />
        {rename.isSuccess && <p role="status">Display name saved.</p>}
        <button type="submit" disabled={rename.isPending}>
          Save name
        </button>
      </form>
      <form
        className="stack"
        aria-labelledby="password-title"
        onSubmit={(event) => {
          event.preventDefault()
          const form = event.currentTarget
          const values = valuesOf(form)
          password.mutate(
            { current_password: values.current_password ?? '', password: values.password ?? '' },
            { onSuccess: () => form.reset() },
          )
        }}
      >
        <h2 id="password-title">Password</h2>
        <TextField label="Current password" name="current_password" type="password" autoComplete="current-password" errors={fieldErrors(password.error)} />
        <TextField label="New password" name="password" type="password" autoComplete="new-password" errors={fieldErrors(password.error)} hint="8 to 128 characters; other devices are signed out" />
        <FormProblem error={password.error} />
        {password.isSuccess && <p role="status">Password changed.</p>}
        <button type="submit" disabled={password.isPending}>
          Change password
        </button>
      </form>
      <section aria-labelledby="delete-title" className="danger">
        <h2 id="delete-title">Delete your account</h2>
        {!confirming ? (
          <button type="button" onClick={() => setConfirming(true)}>
            Delete account
          </button>
        ) : (
          <div role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-what">
            <h3 id="confirm-title">Delete your account for good?</h3>
            <p id="confirm-what">
              Your tracker, saved jobs, votes and flags are erased everywhere. Your published reviews, salaries and
              interview reports stay, anonymous as they always were, so others can still learn from them. This cannot be
              undone.
            </p>
            <FormProblem error={remove.error} />
            <button
              type="button"
              className="destructive"
              disabled={remove.isPending}
              // Not mutate's own onSuccess: this page unmounts as the session ends, and a
              // mutate callback does not run after that. The refusal shows as remove.error.
              onClick={() => remove.mutateAsync().then(() => navigate('/', { replace: true }), () => undefined)}
            >
              Yes, delete my account
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              Keep my account
            </button>
          </div>
        )}
      </section>
    </section>
  )
}
