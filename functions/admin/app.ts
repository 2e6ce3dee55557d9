import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { CatalogArticle } from '../../shared/catalog/article.ts';
import { readHourlyViews } from '../../shared/lists/dashboard-store.ts';
import { getArticle, upsertArticle } from '../../shared/catalog/catalog-store.ts';
import { pinInputSchema } from '../../shared/catalog/pin-input.ts';
import { putPin, readPins, removePin } from '../../shared/catalog/pins-store.ts';
import { ApiError, handleError, handleNotFound, noSniff } from '../../shared/http/api-error.ts';
import { articleBodySchema } from '../../shared/http/contract/admin-routes.ts';
import { articleParam } from '../../shared/http/contract/common.ts';
import { limitBody, parseJsonBody, pathParam } from '../../shared/http/request.ts';
import { cachedAdminKeyLookup, siteOfKey } from '../../shared/http/site-key.ts';
import type { SiteLookup } from '../../shared/sites/site-cache.ts';
import type { Site } from '../../shared/sites/site.ts';
import type { Db } from '../../shared/store/db.ts';

/** Largest accepted request body: one article's metadata is well under 8 KB even with long URLs. */
export const MAX_ADMIN_BODY_BYTES = 16 * 1024;

export interface AdminDeps {
  db: Db;
  sites: SiteLookup;
  clock: () => number;
}

type AdminEnv = { Variables: { site: Site } };

/**
 * The admin API (shared/http/contract/admin-routes.ts): a site's editors write catalog metadata (`PUT /v1/sites/{site}/articles/{articleId}`) and
 * pin must-reads (`/v1/sites/{site}/pins`). Every route needs the site's admin key as a bearer token.
 * Routes parse and check the request, then call the catalog and pin stores.
 */
export function createAdminApp(deps: AdminDeps) {
  const app = new Hono<AdminEnv>();
  const adminKeys = cachedAdminKeyLookup(deps.db, deps.clock);
  app.use(noSniff);
  app.onError(handleError);
  app.notFound(handleNotFound);

  // Per route, not `app.use('/v1/sites/:site/*')`: mounted next to the ingest app, a path-wide middleware
  // would demand an admin key from beacons too.
  const admin = createMiddleware<AdminEnv>(async (c, next) => {
    c.set('site', await siteOfKey(c, deps.sites, adminKeys));
    c.header('Cache-Control', 'no-store');
    await next();
  });
  const limit = limitBody(MAX_ADMIN_BODY_BYTES);

  app.put('/v1/sites/:site/articles/:articleId', admin, limit, async (c) => {
    const articleId = pathArticleId(c);
    const body = parseJsonBody(await c.req.text(), articleBodySchema);
    const now = new Date(deps.clock());
    const article = { ...body, articleId };
    // Admin is the most trusted source, so this always writes (see ARTICLE_SOURCES).
    await upsertArticle(deps.db, c.var.site.site, article, 'admin', now);
    const stored: CatalogArticle = { ...article, source: 'admin', updatedAt: now.toISOString() };
    return c.json(stored, 200);
  });

  app.get('/v1/sites/:site/pins', admin, async (c) => {
    const now = deps.clock();
    const pins = await readPins(deps.db, c.var.site.site);
    // Expired pins stay until their TTL (replays need them); say which ones no longer count.
    return c.json({ site: c.var.site.site, pins: pins.map((pin) => ({ ...pin, expired: Date.parse(pin.until) <= now })) }, 200);
  });

  app.get('/v1/sites/:site/dashboard/hourly-views', admin, async (c) => {
    const views = await readHourlyViews(deps.db, c.var.site.site);
    if (!views) throw new ApiError(404, 'not_ranked_yet', `no rank run has counted "${c.var.site.site}" yet: the next one (within minutes) will`);
    return c.json({ site: c.var.site.site, ...views }, 200);
  });

  app.put('/v1/sites/:site/pins/:articleId', admin, limit, async (c) => {
    const articleId = pathArticleId(c);
    const now = new Date(deps.clock());
    const input = parseJsonBody(await c.req.text(), pinInputSchema(now));
    // The rank job only lists catalog articles, so a pin of anything else would silently do nothing.
    if (!(await getArticle(deps.db, c.var.site.site, articleId))) {
      throw new ApiError(404, 'unknown_article', `no article "${articleId}" in the catalog of "${c.var.site.site}": add it first`);
    }
    const pin = { articleId, until: input.until, ...(input.note ? { note: input.note } : {}) };
    await putPin(deps.db, c.var.site.site, pin, now);
    return c.json({ ...pin, createdAt: now.toISOString() }, 200);
  });

  app.delete('/v1/sites/:site/pins/:articleId', admin, async (c) => {
    const articleId = pathArticleId(c);
    if (!(await removePin(deps.db, c.var.site.site, articleId))) {
      throw new ApiError(404, 'unknown_pin', `article "${articleId}" is not pinned`);
    }
    return c.body(null, 204);
  });

  return app;
}


function pathArticleId(c: Context): string {
  return pathParam(c, 'articleId', articleParam);
}
