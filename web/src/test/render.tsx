import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { vi } from 'vitest'
import { routesFor } from '../App'

/** The app at `path`, with its own cache and no retries. */
export function renderAt(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const router = createMemoryRouter(routesFor(client), { initialEntries: [path] })
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  )
  return router
}

type Route = (url: URL, request: Request) => Response | undefined

/** Answer the app's requests with `route` (a stand-in for the gateway); the calls it saw. */
export function serve(route: Route): URL[] {
  const seen: URL[] = []
  vi.stubGlobal('fetch', async (request: Request) => {
    const url = new URL(request.url)
    seen.push(url)
    return route(url, request) ?? json(404, { title: 'Not Found', status: 404, detail: 'No such API route.' })
  })
  return seen
}

export function json(status: number, body: unknown): Response {
  const type = status >= 400 ? 'application/problem+json' : 'application/json'
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } })
}
