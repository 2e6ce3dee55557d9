import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { getArticle } from '../../shared/catalog/catalog-store.ts';
import { ApiError, handleError, handleNotFound, validationError } from '../../shared/http/api-error.ts';
import { etagOf, notModified } from '../../shared/http/cache.ts';
import { catalogKey } from '../../shared/catalog/catalog-item.ts';
import { LIST_NAMES } from '../../shared/lists/list-item.ts';
import { readList, readRelated } from '../../shared/lists/lists-store.ts';
import { statsKey, totalViews } from '../../shared/lists/stats-item.ts';
import { composeWidgets } from '../../shared/lists/compose-widgets.ts';
import {
  articleParam,
  errorResponseSchema,
  idListQuery,
  limitQuery,
  listParam,
  listResponseSchema,
  relatedResponseSchema,
  sectionQuery,
  siteParam,
  statsResponseSchema,
  widgetsResponseSchema,
} from '../../shared/http/read-schemas.ts';
import type { SiteLookup } from '../../shared/sites/site-cache.ts';
import { batchGetAll } from '../../shared/store/batch-get.ts';
import { readWidgetSources } from '../../shared/lists/widget-sources.ts';
import type { Db } from '../../shared/store/db.ts';

export interface ReadDeps {
  db: Db;
  sites: SiteLookup;
}

const errors = {
  400: { description: 'bad input', content: { 'application/json': { schema: errorResponseSchema } } },
  404: { description: 'unknown site, list or article', content: { 'application/json': { schema: errorResponseSchema } } },
  503: { description: 'the store is unavailable; retry after Retry-After seconds', content: { 'application/json': { schema: errorResponseSchema } } },
} as const;
const ok = (schema: z.ZodType, description: string) => ({
  200: { description, content: { 'application/json': { schema } } },
  304: { description: 'not modified (If-None-Match)' },
  ...errors,
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/sites/{site}/lists/{list}',
  summary: 'A precomputed list (Popular Now, Weekly Best, Must-Reads, Latest), site-wide or for a section',
  request: {
    params: z.object({ site: siteParam, list: listParam }),
    query: z.object({ section: sectionQuery, limit: limitQuery, exclude: idListQuery('exclude', 'article ids to leave out, comma-separated') }),
  },
  responses: ok(listResponseSchema, 'the list'),
});

const relatedRoute = createRoute({
  method: 'get',
  path: '/v1/sites/{site}/articles/{articleId}/related',
  summary: 'You May Also Like: related stories of an article',
  request: { params: z.object({ site: siteParam, articleId: articleParam }), query: z.object({ limit: limitQuery }) },
  responses: ok(relatedResponseSchema, 'related stories'),
});

const widgetsRoute = createRoute({
  method: 'get',
  path: '/v1/sites/{site}/widgets',
  summary: 'Every block of an article page in one request: no article twice, never the current one, none already read',
  request: {
    params: z.object({ site: siteParam }),
    query: z.object({
      articleId: articleParam.optional().openapi({ param: { name: 'articleId', in: 'query' } }),
      section: sectionQuery,
      limit: limitQuery,
      read: idListQuery('read', 'articles the visitor already read (kept by the browser), comma-separated'),
    }),
  },
  responses: ok(widgetsResponseSchema, 'the blocks'),
});

const statsRoute = createRoute({
  method: 'get',
  path: '/v1/sites/{site}/articles/{articleId}/stats',
  summary: 'View counts of an article',
  request: { params: z.object({ site: siteParam, articleId: articleParam }) },
  responses: ok(statsResponseSchema, 'view counts'),
});

/**
 * The read API news pages call on every page view: one or a few GetItems per request (a BatchGetItem for
 * /widgets), cacheable by browsers and CDNs (Cache-Control, strong ETags, 304), CORS-open for GETs.
 */
export function createReadApp(deps: ReadDeps) {
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target === 'param' ? 'path' : result.target);
    },
  });
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
    await knownSite(deps, site);
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
    await knownSite(deps, site);
    const stored = await readRelated(deps.db, site, articleId);
    if (!stored && !(await getArticle(deps.db, site, articleId))) {
      throw new ApiError(404, 'unknown_article', `no article "${articleId}" in the catalog of "${site}"`);
    }
    const etag = etagOf(stored?.version ?? null, articleId, limit);
    if (notModified(c, etag)) return c.body(null, 304);
    return c.json({ site, articleId, generatedAt: stored?.generatedAt ?? null, items: (stored?.items ?? []).slice(0, limit) }, 200);
  });

  app.openapi(widgetsRoute, async (c) => {
    const { site } = c.req.valid('param');
    const { articleId, limit, read } = c.req.valid('query');
    await knownSite(deps, site);
    const sources = await readWidgetSources(deps.db, site, articleId, c.req.valid('query').section);
    const etag = etagOf(sources.versions, articleId, sources.section, limit, read);
    if (notModified(c, etag)) return c.body(null, 304);
    const blocks = composeWidgets(sources.lists, { currentId: articleId, read, limit });
    return c.json({ site, articleId: articleId ?? null, section: sources.section ?? null, ...blocks }, 200);
  });

  app.openapi(statsRoute, async (c) => {
    const { site, articleId } = c.req.valid('param');
    await knownSite(deps, site);
    const { items } = await batchGetAll(deps.db, [statsKey(site, articleId), catalogKey(site, articleId)]);
    const stats = items.find((item) => item.pk === statsKey(site, articleId).pk);
    if (items.length === 0) throw new ApiError(404, 'unknown_article', `no article "${articleId}" in "${site}"`);
    const body = {
      site,
      articleId,
      views: stats ? totalViews(stats) : 0,
      views7d: Number(stats?.views7d ?? 0),
      updatedAt: stats ? String(stats.updatedAt) : null,
    };
    const etag = etagOf(body);
    if (notModified(c, etag)) return c.body(null, 304);
    return c.json(body, 200);
  });

  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'newspulse read API', version: '1.0.0', description: 'Trending lists and related stories for news pages.' },
  });

  return app;
}

async function knownSite(deps: ReadDeps, site: string) {
  const found = await deps.sites(site);
  if (!found) throw new ApiError(404, 'unknown_site', `no site "${site}"`);
  return found;
}
