/**
 * `npm start`: the whole service on one machine. Starts DynamoDB Local (data under NEWSPULSE_DATA_DIR) unless
 * DYNAMODB_ENDPOINT names a running one, creates the table and the demo site, serves the APIs on PORT, and
 * stops DynamoDB Local with itself.
 */
import { serve } from '@hono/node-server';
import { join, resolve } from 'node:path';
import { config } from '../shared/config.ts';
import { runtime } from '../functions/runtime.ts';
import { ensureTable } from '../shared/store/ensure-table.ts';
import { isPortFree, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { createLocalApp } from './local-app.ts';
import { socketClientAddress } from '../shared/http/client-address.ts';
import { DEMO_SITE, demoKeyFile, ensureDemoSite } from './demo-site.ts';
import { startRankTimer } from './rank-timer.ts';
import { seedDemoHistory } from './demo-history.ts';
import { readCatalog } from '../shared/catalog/catalog-store.ts';
import { getSite } from '../shared/sites/site-store.ts';

async function start(): Promise<void> {
  const settings = config();
  const dataDir = resolve(settings.NEWSPULSE_DATA_DIR);
  if (!(await isPortFree(settings.PORT))) {
    throw new Error(`port ${settings.PORT} is busy: stop what uses it or start with PORT=<another port> npm start`);
  }

  let dynamo: DynamoDbLocal | undefined;
  let endpoint = settings.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    dynamo = await startDynamoDbLocal({ port: settings.DYNAMODB_PORT, dataDir: join(dataDir, 'dynamodb'), pidDir: settings.NEWSPULSE_PID_DIR });
    endpoint = dynamo.endpoint;
    // Stop Java with us however we end; the child would otherwise outlive this process.
    process.once('exit', () => {
      try {
        process.kill(dynamo!.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    });
  }

  const deps = runtime(settings, endpoint);
  const { db } = deps;
  await ensureTable(db.client, db.tableName);
  const demo = await ensureDemoSite(db, settings.PORT, dataDir, new Date());

  const app = createLocalApp({ ...deps, clientAddress: socketClientAddress(settings.NEWSPULSE_TRUSTED_PROXIES), clock: Date.now });
  const server = serve({ fetch: app.fetch, port: settings.PORT, hostname: '127.0.0.1' });

  const base = `http://127.0.0.1:${settings.PORT}`;
  console.log(`newspulse is running on ${base}`);
  console.log(`  demo site    ${base}/demo/   <- open this`);
  console.log(`  lists        ${base}/v1/sites/${DEMO_SITE}/lists/popular-now  (weekly-best, must-reads, latest)`);
  console.log(`  widgets      ${base}/v1/sites/${DEMO_SITE}/widgets?articleId=<id>`);
  console.log(`  API docs     ${base}/v1/openapi.json`);
  console.log(`  ingest       POST ${base}/v1/sites/${DEMO_SITE}/events, pixel ${base}/v1/sites/${DEMO_SITE}/pixel.gif?articleId=<id>`);
  console.log(`  scripts      ${base}/sdk/beacon.js, ${base}/sdk/widgets.js`);
  console.log(`  DynamoDB     ${endpoint} (table ${db.tableName}${dynamo ? `, data in ${join(dataDir, 'dynamodb')}` : ''})`);
  console.log(`  health       ${base}/healthz`);
  console.log(`  more readers npx newspulse simulate --site ${DEMO_SITE} --minutes 5 --rate 10`);
  if (demo.created) console.log(`  demo site "${DEMO_SITE}" created; admin key ${demo.adminKey} (also in ${demoKeyFile(dataDir)})`);
  console.log(`  rank job     every ${settings.RANK_INTERVAL_SECONDS} s (RANK_INTERVAL_SECONDS)`);
  console.log(`  dashboard    ${base}/dashboard/  (site ${DEMO_SITE}, its admin key${demo.adminKey ? ` from ${demoKeyFile(dataDir)}` : ''})`);
  if (demo.created) {
    // A fresh demo site gets a simulated past week through the real import path, so every list and the
    // dashboard look lived-in at once (the rank timer below ranks it first thing).
    process.stdout.write('  seeding the demo site with a simulated week of readers...');
    const seeded = await seedDemoHistory(db, (await getSite(db, DEMO_SITE))!, (await readCatalog(db, DEMO_SITE)).articles, new Date());
    console.log(` ${seeded.accepted.toLocaleString('en')} events counted`);
  }
  console.log('Press Ctrl-C to stop.');
  const stopRanking = startRankTimer(db, settings.RANK_INTERVAL_SECONDS, (line) => console.error(`newspulse: ${line}`));

  const shutdown = async (signal: string) => {
    console.log(`\n${signal}: stopping`);
    stopRanking();
    server.close();
    await dynamo?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
start().catch((error: Error) => {
  console.error(`newspulse: ${error.message}`);
  process.exit(1);
});
