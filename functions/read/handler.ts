import { handle } from 'hono/aws-lambda';
import { createReadApp } from './app.ts';
import { runtime } from '../runtime.ts';

/** Lambda entry: module scope builds the client and app once per container; the adapter does the rest. */
const { db, sites } = runtime();
export const handler = handle(createReadApp({ db, sites }));
