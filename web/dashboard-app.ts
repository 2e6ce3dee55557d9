import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

/** The dashboard's files by path (a fixed map: no path from the request ever reaches the file system). */
export const DASHBOARD_FILES = new Map([
  ['/dashboard/', { file: 'index.html', type: 'text/html; charset=utf-8' }],
  ['/dashboard/dashboard.js', { file: 'dashboard.js', type: 'text/javascript; charset=utf-8' }],
  ['/dashboard/dashboard.css', { file: 'dashboard.css', type: 'text/css; charset=utf-8' }],
]);

export function dashboardFilePath(file: string): string {
  return fileURLToPath(new URL(`./dashboard/${file}`, import.meta.url));
}

/**
 * Strict: the page runs only its own script and style, talks to newspulse's API (any origin: on AWS the admin
 * API is the HTTP API's URL), and cannot be framed, so a stolen click cannot type a key into it.
 */
export const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src *; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/** `GET /dashboard/`: the editors' dashboard (web/dashboard/), signed in with a site's admin key in the page. */
export function createDashboardApp() {
  const app = new Hono();
  app.get('/dashboard', (c) => c.redirect('/dashboard/', 301));
  for (const [path, { file, type }] of DASHBOARD_FILES) {
    app.get(path, async (c) =>
      c.body(await readFile(dashboardFilePath(file)), 200, {
        'Content-Type': type,
        'Cache-Control': 'no-cache',
        'Content-Security-Policy': DASHBOARD_CSP,
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'no-referrer',
      }),
    );
  }
  return app;
}
