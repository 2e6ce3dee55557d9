import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from '../../local/dynamodb-local.ts';
import { ensureDemoSite } from '../../local/demo-site.ts';
import { createLocalApp } from '../../local/local-app.ts';
import { cachedSiteLookup } from '../../shared/sites/site-cache.ts';
import { CHROMIUM } from './chromium.ts';
import { testReaders } from './readers.ts';
import { createTestTable, type TestTable } from './test-table.ts';

export interface DemoInBrowser {
  table: TestTable;
  browser: Browser;
  /** `http://127.0.0.1:<port>`: the local app. */
  base: string;
  /** The demo site's admin key. */
  adminKey: string;
  close(): Promise<void>;
}

/**
 * What the browser tests run against: a test table, the demo site created for a free port (`prepare` may add to
 * it before the server starts), the local app on that port (each request through `wrap`), and Chromium.
 */
export async function demoInBrowser(options: { prepare?: (table: TestTable, now: Date) => Promise<void>; wrap?: (request: Request) => Request } = {}): Promise<DemoInBrowser> {
  const table = await createTestTable();
  const dataDir = mkdtempSync(join(tmpdir(), 'newspulse-browser-'));
  const port = await freePort();
  const now = new Date();
  const { adminKey } = await ensureDemoSite(table, port, dataDir, now);
  await options.prepare?.(table, now);
  const app = createLocalApp({ db: table, sites: cachedSiteLookup(table, Date.now), clock: Date.now, ...testReaders() });
  const wrap = options.wrap ?? ((request: Request) => request);
  let server: ServerType | undefined;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: (request: Request) => app.fetch(wrap(request)), port, hostname: '127.0.0.1' }, () => resolve());
  });
  const browser = await chromium.launch(CHROMIUM);
  return {
    table,
    browser,
    base: `http://127.0.0.1:${port}`,
    adminKey: adminKey!,
    async close() {
      await browser.close();
      await new Promise((resolve) => server!.close(resolve));
      await table.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
