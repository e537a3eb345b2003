import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router'
import { ApiError } from './api/client'
import { Layout } from './components/Layout'
import { CompanyPage } from './pages/CompanyPage'
import { FindPage } from './pages/FindPage'

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: '/', element: <FindPage /> },
      { path: '/companies/:company', element: <CompanyPage /> },
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
  return (
    <QueryClientProvider client={newQueryClient()}>
      <RouterProvider router={createBrowserRouter(routes)} />
    </QueryClientProvider>
  )
}
