import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { addSite, getSite } from '../shared/sites/site-store.ts';
import type { Db } from '../shared/store/db.ts';

export const DEMO_SITE = 'demo';

/**
 * Makes sure the `demo` site exists and allows the local server's own origins. Its admin key is kept in the
 * data directory (local use only) so that later runs and the demo tools can use it.
 */
export async function ensureDemoSite(db: Db, port: number, dataDir: string, now: Date): Promise<{ created: boolean; adminKey?: string }> {
  if (await getSite(db, DEMO_SITE)) {
    const keyFile = join(dataDir, 'demo-admin-key');
    return { created: false, adminKey: existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined };
  }
  const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const { adminKey } = await addSite(db, { site: DEMO_SITE, origins, trustBeaconMetadata: true }, now);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'demo-admin-key'), `${adminKey}\n`, { mode: 0o600 });
  return { created: true, adminKey };
}
