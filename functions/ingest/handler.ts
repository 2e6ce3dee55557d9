import { handle } from 'hono/aws-lambda';
import { createIngestApp } from './app.ts';
import { runtime } from '../runtime.ts';

/** Lambda entry: module scope builds the client and app once per container; the adapter does the rest. */
const { db, sites, pixelSessionId } = runtime();
export const handler = handle(createIngestApp({ db, sites, pixelSessionId, clock: Date.now }));
