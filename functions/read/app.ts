import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { ApiError, handleError, handleNotFound, noSniff, validationError } from '../../shared/http/api-error.ts';
import { etagOf, notModified } from '../../shared/http/cache.ts';
import { openApiDocument } from '../../shared/http/contract/openapi-document.ts';
import { listRoute, relatedRoute, statsRoute, widgetsRoute } from '../../shared/http/contract/read-routes.ts';
import { requireSite } from '../../shared/http/request.ts';
import { composeWidgets } from '../../shared/lists/compose-widgets.ts';
import { LIST_NAMES, parseStoredList, relatedKey } from '../../shared/lists/list-item.ts';
import { readList } from '../../shared/lists/lists-store.ts';
import { relatedWithFallback } from '../../shared/lists/related-fallback.ts';
import { readArticleStats } from '../../shared/lists/stats-store.ts';
import { readWidgetSources } from '../../shared/lists/widget-sources.ts';
import type { SiteLookup } from '../../shared/sites/site-cache.ts';
import type { Db } from '../../shared/store/db.ts';
import { directItemsReader, type ItemsReader } from '../../shared/store/item-cache.ts';

export interface ReadDeps {
  db: Db;
  sites: SiteLookup;
  /** How /widgets reads its lists: a BatchGetItem each time (the default), or the Lambda's minute-long cache of them. */
  readItems?: ItemsReader;
}

/**
 * The read API news pages call on every page view (shared/http/contract/read-routes.ts): one or a few GetItems
 * per request (a BatchGetItem for /widgets), cacheable by browsers and CDNs (Cache-Control, strong ETags, 304),
 * CORS-open for GETs.
 */
export function createReadApp(deps: ReadDeps) {
  const readItems = deps.readItems ?? directItemsReader(deps.db);
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target === 'param' ? 'path' : result.target);
    },
  });
  app.use(noSniff);
  app.onError(handleError);
  app.notFound(handleNotFound);
  // Public data: any page may read it. Only the read paths, so that the ingest and admin apps mounted beside
  // this one (locally) keep their own origin rules.
  const open = cors({ origin: '*', allowMethods: ['GET', 'OPTIONS'], allowHeaders: ['If-None-Match'], exposeHeaders: ['ETag'], maxAge: 86_400 });
  const noStoreErrors = async (c: Context, next: () => Promise<void>) => {
    await next();
    // Errors are not cached: a site added a moment later must work at once.
    if (c.res.status >= 400) c.res.headers.set('Cache-Control', 'no-store');
  };
  for (const path of ['/v1/openapi.json', '/v1/sites/:site/lists/*', '/v1/sites/:site/articles/:articleId/*', '/v1/sites/:site/widgets']) {
    app.use(path, open, noStoreErrors);
  }

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.openapi(listRoute, async (c) => {
    const { site, list } = c.req.valid('param');
    const { section, limit, exclude } = c.req.valid('query');
    await requireSite(deps.sites, site);
    if (!(LIST_NAMES as readonly string[]).includes(list)) {
      throw new ApiError(404, 'unknown_list', `no list "${list}": use one of ${LIST_NAMES.join(', ')}`);
    }
    const stored = await readList(deps.db, site, list, section);
    const etag = etagOf(stored?.version ?? null, section, limit, exclude);
    if (notModified(c, etag)) return c.body(null, 304);
    const excluded = new Set(exclude);
    return c.json(
      {
        site,
        list,
        section: section ?? null,
        generatedAt: stored?.generatedAt ?? null,
        items: (stored?.items ?? []).filter((i) => !excluded.has(i.articleId)).slice(0, limit),
      },
      200,
    );
  });

  app.openapi(relatedRoute, async (c) => {
    const { site, articleId } = c.req.valid('param');
    const { limit } = c.req.valid('query');
    await requireSite(deps.sites, site);
    // Most articles have a computed list: one item read. Only an article without one (published since the last
    // run) reads the page's sources for the fallback (shared/lists/related-fallback.ts).
    const [item] = (await readItems([relatedKey(site, articleId)])).items;
    const computed = item ? parseStoredList(item) : undefined;
    if (computed && computed.items.length > 0) {
      const etag = etagOf(computed.version, articleId, limit);
      if (notModified(c, etag)) return c.body(null, 304);
      return c.json({ site, articleId, generatedAt: computed.generatedAt, items: computed.items.slice(0, limit) }, 200);
    }
    const sources = await readWidgetSources(readItems, site, articleId, undefined);
    if (!sources.related && !sources.inCatalog) {
      throw new ApiError(404, 'unknown_article', `no article "${articleId}" in the catalog of "${site}"`);
    }
    const { items, fellBack } = relatedWithFallback(sources.lists, { articleId, section: sources.section }, limit);
    const etag = etagOf(fellBack ? sources.versions : (sources.versions.related ?? null), articleId, limit);
    if (notModified(c, etag)) return c.body(null, 304);
    return c.json({ site, articleId, generatedAt: sources.related?.generatedAt ?? null, items }, 200);
  });

  app.openapi(widgetsRoute, async (c) => {
    const { site } = c.req.valid('param');
    const { articleId, limit, spare, read } = c.req.valid('query');
    await requireSite(deps.sites, site);
    const sources = await readWidgetSources(readItems, site, articleId, c.req.valid('query').section);
    const etag = etagOf(sources.versions, articleId, sources.section, limit, spare, read);
    if (notModified(c, etag)) return c.body(null, 304);
    const blocks = composeWidgets(sources.lists, { currentId: articleId, section: sources.section, read, limit, spare });
    return c.json({ site, articleId: articleId ?? null, section: sources.section ?? null, ...blocks }, 200);
  });

  app.openapi(statsRoute, async (c) => {
    const { site, articleId } = c.req.valid('param');
    await requireSite(deps.sites, site);
    const stats = await readArticleStats(deps.db, site, articleId);
    if (!stats) throw new ApiError(404, 'unknown_article', `no article "${articleId}" in "${site}"`);
    const body = { site, articleId, ...stats };
    const etag = etagOf(body);
    if (notModified(c, etag)) return c.body(null, 304);
    return c.json(body, 200);
  });

  // Every app's routes (ingest, read, admin): one document for the whole API.
  app.get('/v1/openapi.json', (c) => c.json(openApiDocument()));

  return app;
}
