import { Hono, type Context } from 'hono';
import { readCatalog } from '../../shared/catalog/catalog-store.ts';
import { articleIdSchema } from '../../shared/ids.ts';
import type { Db } from '../../shared/store/db.ts';
import { DEMO_SITE } from '../demo-site.ts';
import { articlePage } from './article-page.ts';
import { homePage, notFoundPage, sectionPage, sectionsOf } from './front-pages.ts';
import { DEMO_CSP } from './layout.ts';
import { placeholderSvg } from './placeholder-image.ts';
import { DEMO_CSS } from './styles.ts';

export interface DemoDeps {
  db: Db;
  clock: () => number;
}

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  // Pages show live data (new articles, the nav); the lists inside them are cached by the read API itself.
  'Cache-Control': 'no-cache',
  'Content-Security-Policy': DEMO_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};
const ASSET_CACHE = 'public, max-age=3600';

/**
 * The demo news site of `npm start`: `/demo/` (front page), `/demo/sections/{section}`,
 * `/demo/articles/{articleId}`, rendered on the server from the demo site's catalog (one Query per page), with
 * beacon.js and widgets.js embedded as a publisher would.
 */
export function createDemoApp(deps: DemoDeps) {
  const app = new Hono();
  const catalog = async () => (await readCatalog(deps.db, DEMO_SITE)).articles;
  const page = (c: Context, body: string, status: 200 | 404 = 200) => c.body(body, status, PAGE_HEADERS);

  app.get('/', (c) => c.redirect('/demo/'));
  app.get('/demo', (c) => c.redirect('/demo/'));
  app.get('/demo/', async (c) => page(c, homePage(await catalog(), deps.clock())));

  app.get('/demo/sections/:section', async (c) => {
    const articles = await catalog();
    const section = c.req.param('section');
    if (!sectionsOf(articles).includes(section)) return page(c, notFoundPage(articles, 'such section'), 404);
    return page(c, sectionPage(articles, section, deps.clock()));
  });

  app.get('/demo/articles/:articleId', async (c) => {
    const articles = await catalog();
    const id = articleIdSchema.safeParse(c.req.param('articleId'));
    const article = id.success ? articles.find((a) => a.articleId === id.data) : undefined;
    if (!article) return page(c, notFoundPage(articles, 'such article'), 404);
    return page(c, articlePage(article, sectionsOf(articles)));
  });

  app.get('/demo/images/:file', async (c) => {
    const match = /^(.+)\.svg$/.exec(c.req.param('file'));
    const article = match ? (await catalog()).find((a) => a.articleId === match[1]) : undefined;
    if (!match || !article) return c.body('no such image', 404, { 'Content-Type': 'text/plain; charset=utf-8' });
    return c.body(placeholderSvg(article.articleId, article.section), 200, {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': ASSET_CACHE,
      'X-Content-Type-Options': 'nosniff',
    });
  });

  app.get('/demo/styles.css', (c) => c.body(DEMO_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': ASSET_CACHE }));

  return app;
}
