import { useEffect } from 'react'
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router'
import { useQueryClient } from '@tanstack/react-query'
import { useMe } from '../api/account'
import { logOut, refreshSession } from '../api/session'

export function Layout() {
  const { status, user } = useMe()
  const navigate = useNavigate()
  const client = useQueryClient()
  useEffect(() => {
    // A reload keeps the session: the HttpOnly cookie buys this page its access token.
    if (status === 'unknown') void refreshSession()
  }, [status])
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Jobsight
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Find
          </NavLink>
          <NavLink to="/companies">Companies</NavLink>
          {status === 'signed-in' && (
            <>
              <NavLink to="/tracker">Tracker</NavLink>
              <NavLink to="/saved">Saved</NavLink>
              <NavLink to="/me">My contributions</NavLink>
              {user?.role === 'admin' && <NavLink to="/admin">Admin</NavLink>}
            </>
          )}
        </nav>
        <div className="session">
          {status === 'signed-in' ? (
            <>
              <NavLink to="/account">{user?.display_name ?? 'Account'}</NavLink>
              <button
                type="button"
                className="link"
                onClick={async () => {
                  await logOut()
                  client.clear()
                  navigate('/')
                }}
              >
                Log out
              </button>
            </>
          ) : status === 'anonymous' ? (
            <>
              <NavLink to="/login">Log in</NavLink>
              <NavLink to="/signup" className="button">
                Sign up
              </NavLink>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  )
}

/** The page's content when signed in; otherwise a way to sign in that comes back here. */
export function SignedIn({ children }: { children: React.ReactNode }) {
  const { status } = useMe()
  const here = useLocation()
  if (status === 'unknown') return <p aria-live="polite">Loading…</p>
  if (status === 'anonymous')
    return (
      <p>
        <Link to={`/login?next=${encodeURIComponent(here.pathname + here.search)}`}>Log in</Link> or{' '}
        <Link to="/signup">sign up</Link> to see this page.
      </p>
    )
  return <>{children}</>
}
