/*
 * newspulse beacon: counts an article view and how long it was read. Plain JS, no cookies, no dependencies but
 * the shared article id rule, which /sdk bundles in (web/page-article-id.js).
 * Size: 2,595 bytes minified and gzipped (5,632 bytes minified): esbuild --bundle --minify --target=es2017 beacon.js | gzip -9.
 *
 *   <script src="https://api.example/sdk/beacon.js" data-site="herald" data-article-id="story-1" defer></script>
 *
 * - data-site (required) and data-api (default: this script's own origin) on the script tag.
 * - The article id from `<script data-article-id>` or `<meta name="newspulse:article-id">`, else, on a page
 *   that says it is an article (og:type, article:published_time), from its canonical URL by the rule feeds
 *   use (README, "Article ids"); pages without one (home, section fronts) send nothing.
 * - A view on load, with the page's metadata from Open Graph / article:* tags and JSON-LD NewsArticle.
 * - Engaged time: seconds while the page is visible AND the reader did something (scroll, key, pointer,
 *   touch) in the last 5 s, plus the deepest scroll. Sent as an `engage` event holding the running total
 *   when the page is hidden or left (the server keeps the largest, so a repeated flush never adds twice).
 * - The view goes by fetch (keepalive, text/plain: no CORS preflight) because its answer carries the
 *   article's view count, which fills every `[data-newspulse-views]` on the page (no /stats request).
 *   Engagement goes by navigator.sendBeacon (the page is being hidden; no answer needed), else fetch.
 * - The session id is random per tab, kept in sessionStorage.
 */
import { pageArticleId } from './page-article-id.js';

(function () {
  'use strict';
  var doc = document;
  var script = doc.currentScript || doc.querySelector('script[data-site][src*="beacon"]');
  if (!script || !window.JSON) return;
  var site = script.getAttribute('data-site');
  var api = (script.getAttribute('data-api') || new URL(script.src, location.href).origin).replace(/\/+$/, '');
  var IDLE_MS = 5000;

  function attr(selector, name) {
    var el = doc.querySelector(selector);
    var value = el && el.getAttribute(name || 'content');
    return value ? value.trim() : undefined;
  }
  var articleId = pageArticleId(doc);
  if (!site || !articleId) return;
  var endpoint = api + '/v1/sites/' + encodeURIComponent(site) + '/events';

  var sessionId;
  try {
    sessionId = sessionStorage.getItem('newspulse:sid');
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(sessionId || '')) sessionStorage.setItem('newspulse:sid', (sessionId = randomId()));
  } catch (e) {
    sessionId = randomId(); // storage blocked: one session per page view
  }

  function randomId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += chars.charAt(bytes[i] & 63);
    return out;
  }

  function post(body) {
    return fetch(endpoint, { method: 'POST', body: body, keepalive: true, credentials: 'omit', headers: { 'Content-Type': 'text/plain' } });
  }
  function send(event, answered) {
    event.articleId = articleId;
    event.sessionId = sessionId;
    var body = JSON.stringify(event);
    // A string body is sent as text/plain;charset=UTF-8, a CORS-safelisted type: no preflight.
    if (answered && window.fetch) {
      // Failed on the way (offline, blocked): sent once more as a beacon; if the first did arrive, the server
      // counts the second as a repeat of it.
      post(body).then(function (response) {
        return response.ok ? response.json().then(answered) : undefined;
      }, function () {
        beacon(body);
      })['catch'](function () {});
      return;
    }
    if (!beacon(body) && window.fetch) post(body)['catch'](function () {});
  }
  function beacon(body) {
    try {
      return navigator.sendBeacon(endpoint, body);
    } catch (e) {
      return false; // no sendBeacon (or it refused the URL)
    }
  }
  function showViews(answer) {
    if (typeof answer.views !== 'number') return;
    var views = answer.views.toLocaleString(doc.documentElement.lang || undefined);
    var counters = doc.querySelectorAll('[data-newspulse-views]');
    for (var i = 0; i < counters.length; i++) counters[i].textContent = views;
  }

  // --- page metadata (bounded to what the ingest API accepts; anything unusable is left out) ---
  function text(value, max) {
    if (typeof value === 'number') value = String(value);
    if (typeof value !== 'string') return undefined;
    value = value.trim().slice(0, max);
    return value || undefined;
  }
  function url(value) {
    if (value && typeof value === 'object') value = value.url || value['@id'];
    if (Array.isArray(value)) return url(value[0]);
    if (typeof value !== 'string' || !value.trim()) return undefined;
    try {
      var href = new URL(value.trim(), location.href).href;
      return href.length <= 2048 ? href : undefined;
    } catch (e) {
      return undefined;
    }
  }
  function isoTime(value) {
    var ms = typeof value === 'string' ? Date.parse(value) : NaN;
    return isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  function jsonLdArticle() {
    var found;
    var blocks = doc.querySelectorAll('script[type="application/ld+json"]');
    function visit(node) {
      if (found || !node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach(visit);
      var type = [].concat(node['@type']).join(' ');
      if (/(^|\s)(NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|BlogPosting)(\s|$)/.test(type)) found = node;
      else visit(node['@graph']);
    }
    for (var i = 0; i < blocks.length; i++) {
      try {
        visit(JSON.parse(blocks[i].textContent));
      } catch (e) {
        // a broken JSON-LD block is the page's problem, not a reason to lose the view
      }
    }
    return found || {};
  }
  function pageMeta() {
    var ld = jsonLdArticle();
    var tags = [];
    var tagEls = doc.querySelectorAll('meta[property="article:tag"]');
    for (var i = 0; i < tagEls.length; i++) tags.push(tagEls[i].getAttribute('content'));
    if (!tags.length && ld.keywords) tags = Array.isArray(ld.keywords) ? ld.keywords : String(ld.keywords).split(',');
    var cleanTags = [];
    for (var j = 0; j < tags.length && cleanTags.length < 20; j++) {
      var tag = text(tags[j], 64);
      if (tag) cleanTags.push(tag);
    }
    var section = ld.articleSection;
    return {
      title: text(attr('meta[property="og:title"]') || ld.headline || doc.title, 300),
      url: url(attr('meta[property="og:url"]') || attr('link[rel="canonical"]', 'href') || ld.url || location.href),
      section: text(attr('meta[property="article:section"]') || (Array.isArray(section) ? section[0] : section), 64),
      tags: cleanTags.length ? cleanTags : undefined,
      publishedAt: isoTime(attr('meta[property="article:published_time"]') || ld.datePublished),
      image: url(attr('meta[property="og:image"]') || ld.image),
    };
  }

  // --- engaged time and scroll depth ---
  var engagedMs = 0;
  var lastActive = Date.now(); // opening the page counts as activity
  var lastTick = Date.now();
  var depth = 0;
  var sent = { seconds: 0, depth: 0 };

  function measureDepth() {
    var root = doc.documentElement;
    var height = Math.max(root.scrollHeight, doc.body ? doc.body.scrollHeight : 0);
    var seen = (window.scrollY || root.scrollTop || 0) + window.innerHeight;
    if (height > 0) depth = Math.max(depth, Math.min(1, seen / height));
  }
  function tick() {
    var now = Date.now();
    // Capped, so a timer delayed by a frozen tab never credits the time it was frozen.
    if (doc.visibilityState === 'visible' && now - lastActive <= IDLE_MS) engagedMs += Math.min(now - lastTick, 2000);
    lastTick = now;
  }
  function active() {
    tick();
    lastActive = Date.now();
  }
  ['scroll', 'keydown', 'pointerdown', 'pointermove', 'touchstart', 'wheel'].forEach(function (type) {
    addEventListener(type, active, { passive: true, capture: true });
  });
  addEventListener('scroll', measureDepth, { passive: true });
  setInterval(tick, 1000);

  function flush() {
    tick();
    measureDepth();
    var seconds = Math.min(86400, Math.round(engagedMs / 1000));
    var rounded = Math.round(depth * 1000) / 1000;
    if (seconds <= sent.seconds && rounded <= sent.depth) return;
    sent = { seconds: Math.max(seconds, sent.seconds), depth: Math.max(rounded, sent.depth) };
    send({ type: 'engage', seconds: sent.seconds, scrollDepth: sent.depth });
  }
  addEventListener('pagehide', flush);
  doc.addEventListener('visibilitychange', function () {
    if (doc.visibilityState === 'hidden') flush();
    else lastTick = Date.now();
  });

  function view() {
    measureDepth();
    send({ type: 'view', url: url(location.href), referrer: url(doc.referrer), meta: pageMeta() }, showViews);
  }
  // A page restored from the back/forward cache is viewed again (the server ignores a repeat in the same half hour).
  addEventListener('pageshow', function (e) {
    if (e.persisted) view();
  });
  function start() {
    if (doc.prerendering) doc.addEventListener('prerenderingchange', view, { once: true });
    else view();
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})();
