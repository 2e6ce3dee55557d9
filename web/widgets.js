/*
 * newspulse widgets: fills a page's trending and related blocks. Plain JS, no dependencies but the shared article
 * id rule, which /sdk bundles in (web/page-article-id.js).
 * Size: 2,248 bytes minified and gzipped (4,901 bytes minified): esbuild --bundle --minify --target=es2017 widgets.js | gzip -9.
 *
 *   <div data-newspulse="popularNow" data-title="Popular Now" data-limit="5"></div>
 *   <p>Views: <span data-newspulse-views></span></p>
 *   <script src="https://api.example/sdk/widgets.js" data-site="herald" defer></script>
 *
 * - Blocks: weeklyBest, popularNow, mustReads, latest, related (the keys of GET /widgets), all filled from ONE
 *   request. Per container: data-title, data-label (a prefix such as the section), data-limit, data-numbered,
 *   data-images. An empty block gets `hidden`; each container gets data-newspulse-state = ready|empty|error.
 * - `[data-newspulse-views]` gets the article's view count from beacon.js (the view beacon's answer carries it).
 * - The article id comes from the page as for beacon.js (web/page-article-id.js); the section from
 *   article:section, or data-section on the script tag.
 * - The last 20 articles read here are kept in localStorage and dropped from the blocks here, in the browser:
 *   the request asks `spare` items more per block instead of sending them, so it is the same URL for every
 *   reader of a page, and a CDN answers it once for all of them.
 * - Text is inserted with textContent only: a title holding markup shows as text, never as HTML.
 */
import { ARTICLE_ID_PATTERN as ARTICLE_ID } from '../shared/article-id-rule.ts';
import { pageArticleId } from './page-article-id.js';

(function () {
  'use strict';
  var doc = document;
  var script = doc.currentScript || doc.querySelector('script[data-site][src*="widgets"]');
  if (!script || !window.fetch) return;
  var site = script.getAttribute('data-site');
  var api = (script.getAttribute('data-api') || new URL(script.src, location.href).origin).replace(/\/+$/, '');
  var READ_KEY = 'newspulse:read:' + site;
  var READ_MAX = 20;
  var ORDER = ['related', 'latest', 'popularNow', 'mustReads', 'weeklyBest'];
  var SPARE = 10; // items per block beyond the largest limit: what may be dropped as already read
  if (!site) return;
  var base = api + '/v1/sites/' + encodeURIComponent(site);

  function content(selector) {
    var el = doc.querySelector(selector);
    var value = el && el.getAttribute('content');
    return value ? value.trim() : '';
  }
  function el(tag, className, text) {
    var node = doc.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }
  function httpUrl(value) {
    return typeof value === 'string' && /^https?:\/\//i.test(value) ? value : '';
  }
  function get(path) {
    return fetch(base + path, { credentials: 'omit' }).then(function (response) {
      if (!response.ok) throw new Error('newspulse: ' + response.status);
      return response.json();
    });
  }

  function readHistory() {
    try {
      var ids = JSON.parse(localStorage.getItem(READ_KEY) || '[]');
      return Array.isArray(ids) ? ids.filter(function (id) { return typeof id === 'string' && ARTICLE_ID.test(id); }) : [];
    } catch (e) {
      return [];
    }
  }
  function remember(history, articleId) {
    var next = [articleId].concat(history.filter(function (id) { return id !== articleId; })).slice(0, READ_MAX);
    try {
      localStorage.setItem(READ_KEY, JSON.stringify(next));
    } catch (e) {
      // storage full or blocked: suggestions just include what was read
    }
  }

  function ago(iso) {
    var minutes = Math.floor((Date.now() - Date.parse(iso)) / 60000);
    if (!(minutes >= 0)) return '';
    if (minutes < 60) return minutes + ' min ago';
    if (minutes < 1440) return Math.floor(minutes / 60) + ' h ago';
    return Math.floor(minutes / 1440) + ' d ago';
  }

  // Keeps the first `limit` items nobody on this page shows yet (read, current, another block), and marks them used.
  function pick(items, limit, used) {
    var out = [];
    for (var i = 0; i < items.length && out.length < limit; i++) {
      var id = items[i] && items[i].articleId;
      if (typeof id !== 'string' || used[id]) continue;
      used[id] = true;
      out.push(items[i]);
    }
    return out;
  }

  function render(container, items) {
    container.textContent = '';
    container.hidden = !items.length;
    container.setAttribute('data-newspulse-state', items.length ? 'ready' : 'empty');
    if (!items.length) return;
    var title = container.getAttribute('data-title');
    var label = container.getAttribute('data-label');
    if (title || label) {
      var heading = el('h2', 'newspulse-title');
      if (label) heading.appendChild(el('span', 'newspulse-label', label));
      if (title) heading.appendChild(doc.createTextNode((label ? ' ' : '') + title));
      container.appendChild(heading);
    }
    var list = el(container.getAttribute('data-numbered') === 'true' ? 'ol' : 'ul', 'newspulse-list');
    var images = container.getAttribute('data-images') === 'true';
    items.forEach(function (item) {
      var li = el('li', 'newspulse-item');
      var link = el('a', 'newspulse-link');
      link.href = httpUrl(item.url) || '#';
      link.setAttribute('data-article-id', item.articleId);
      var image = httpUrl(item.image);
      if (images && image) {
        var img = el('img', 'newspulse-image');
        img.src = image;
        img.alt = '';
        img.loading = 'lazy';
        link.appendChild(img);
      }
      link.appendChild(el('span', 'newspulse-headline', item.title));
      li.appendChild(link);
      var meta = el('span', 'newspulse-meta');
      if (item.section) meta.appendChild(el('span', 'newspulse-section', item.section));
      var when = ago(item.publishedAt);
      if (when) meta.appendChild(doc.createTextNode((item.section ? ' · ' : '') + when));
      if (meta.firstChild) li.appendChild(meta);
      list.appendChild(li);
    });
    container.appendChild(list);
  }

  function run() {
    var articleId = pageArticleId(doc);
    var section = (script.getAttribute('data-section') || content('meta[property="article:section"]')).toLowerCase();
    var history = readHistory();
    var containers = doc.querySelectorAll('[data-newspulse]');

    if (containers.length) {
      var limit = 5;
      for (var i = 0; i < containers.length; i++) limit = Math.max(limit, parseInt(containers[i].getAttribute('data-limit'), 10) || 0);
      limit = Math.min(limit, 50);
      // Only the page's own parameters, in a fixed order: one URL (one CDN entry) per page, whoever reads it.
      var query = [];
      if (articleId) query.push('articleId=' + encodeURIComponent(articleId));
      query.push('limit=' + limit);
      if (section && section.length <= 64 && section.charAt(0) !== '_') query.push('section=' + encodeURIComponent(section));
      query.push('spare=' + SPARE);
      get('/widgets?' + query.join('&')).then(
        function (blocks) {
          var used = {};
          if (articleId) used[articleId] = true;
          history.forEach(function (id) { used[id] = true; });
          // Most specific block first, as the server fills them, so the block that shows an article best gets it.
          var ordered = [].slice.call(containers).sort(function (a, b) {
            return ORDER.indexOf(a.getAttribute('data-newspulse')) - ORDER.indexOf(b.getAttribute('data-newspulse'));
          });
          for (var j = 0; j < ordered.length; j++) {
            var items = blocks[ordered[j].getAttribute('data-newspulse')];
            var own = parseInt(ordered[j].getAttribute('data-limit'), 10);
            render(ordered[j], pick(Array.isArray(items) ? items : [], own > 0 ? own : limit, used));
          }
        },
        function () {
          for (var j = 0; j < containers.length; j++) containers[j].setAttribute('data-newspulse-state', 'error');
        }
      );
    }
    if (articleId) remember(history, articleId);
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', run);
  else run();
})();
