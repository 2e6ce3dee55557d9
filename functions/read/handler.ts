import { handle } from 'hono/aws-lambda';
import { SHARED_CACHE_MS } from '../../shared/http/cache.ts';
import { cachedItemsReader } from '../../shared/store/item-cache.ts';
import { createReadApp } from './app.ts';
import { runtime } from '../runtime.ts';
import { SERVICES } from '../metric-names.ts';
import { observeHttp, telemetry } from '../telemetry.ts';

/** Lambda entry: module scope builds the client, app and telemetry once per container; the adapter does the rest. */
const { db, sites } = runtime();
/**
 * Lists change once per rank run and the CDN keeps answers a minute (s-maxage): a warm container keeps the items
 * /widgets reads for the same minute, so a page view read straight from the function URL costs no read units
 * for the site's lists most of the time.
 */
const readItems = cachedItemsReader(db, Date.now, SHARED_CACHE_MS);
export const handler = observeHttp(handle(createReadApp({ db, sites, readItems })), telemetry(SERVICES.read));
