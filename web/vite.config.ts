/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The browser sees one origin: the dev server passes the API and the JWKS to the gateway,
// as the load balancer does in production (`/api/*` and `/.well-known/*` to the gateway).
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080'
const port = Number(process.env.WEB_PORT ?? 5173)
// The loopback only, unless a container's dev server must answer its published port.
const host = process.env.WEB_HOST ?? '127.0.0.1'

export default defineConfig({
  plugins: [react()],
  server: {
    host,
    port,
    strictPort: true,
    proxy: {
      '/api': { target: gateway, changeOrigin: false },
      '/.well-known': { target: gateway, changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
})
