import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { createBrowserRouter, Link, RouterProvider, type RouteObject } from 'react-router'
import { ApiError } from './api/client'
import { companyLoader, companyOverviewLoader } from './api/prefetch'
import { Layout } from './components/Layout'
import { AccountPage, LogInPage, SignUpPage } from './pages/AccountPages'
import { AdminPage } from './pages/AdminPage'
import { CompanyInterviews, CompanyOverview, CompanyPage, CompanyReviews, CompanySalaries } from './pages/CompanyPage'
import {
  AddSalaryPage,
  EditInterviewPage,
  EditReviewPage,
  EditSalaryPage,
  ReportInterviewPage,
  WriteReviewPage,
} from './pages/ContributePage'
import { DirectoryPage } from './pages/DirectoryPage'
import { FindPage } from './pages/FindPage'
import { JobPage } from './pages/JobPage'
import { ContributionsPage, SavedPage } from './pages/MinePages'
import { ApplicationPage, TrackerPage } from './pages/TrackerPage'

function NotFound() {
  return (
    <>
      <h1>No such page</h1>
      <p>
        <Link to="/">Find companies and jobs</Link>
      </p>
    </>
  )
}

/** The app's pages; `client` is the cache their loaders start filling (api/prefetch). */
export const routesFor = (client: QueryClient): RouteObject[] => [
  {
    element: <Layout />,
    children: [
      { path: '/', element: <FindPage /> },
      { path: '/companies', element: <DirectoryPage /> },
      {
        path: '/companies/:company',
        element: <CompanyPage />,
        loader: companyLoader(client),
        // Shown for the moment the loaders take to start their requests on a first load.
        hydrateFallbackElement: <p aria-live="polite">Loading…</p>,
        children: [
          { index: true, element: <CompanyOverview />, loader: companyOverviewLoader(client) },
          { path: 'reviews', element: <CompanyReviews /> },
          { path: 'salaries', element: <CompanySalaries /> },
          { path: 'interviews', element: <CompanyInterviews /> },
        ],
      },
      { path: '/jobs/:job', element: <JobPage /> },
      { path: '/jobs/:job/review', element: <WriteReviewPage /> },
      { path: '/jobs/:job/salary', element: <AddSalaryPage /> },
      { path: '/jobs/:job/interview', element: <ReportInterviewPage /> },
      { path: '/signup', element: <SignUpPage /> },
      { path: '/login', element: <LogInPage /> },
      { path: '/account', element: <AccountPage /> },
      { path: '/tracker', element: <TrackerPage /> },
      { path: '/tracker/:id', element: <ApplicationPage /> },
      { path: '/saved', element: <SavedPage /> },
      { path: '/me', element: <ContributionsPage /> },
      { path: '/me/reviews/:id', element: <EditReviewPage /> },
      { path: '/me/salaries/:id', element: <EditSalaryPage /> },
      { path: '/me/interviews/:id', element: <EditInterviewPage /> },
      { path: '/admin', element: <AdminPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]

export function newQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A refusal (4xx) will not change by asking again; an outage may.
        retry: (failures, error) =>
          failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  })
}

export function App() {
  const [client] = useState(newQueryClient)
  const [router] = useState(() => createBrowserRouter(routesFor(client)))
  return (
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  )
}
