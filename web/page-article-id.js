/*
 * The article id of the page a script runs on, shared by beacon.js and widgets.js (bundled into both by /sdk).
 * Explicit first: `<script data-article-id>` or `<meta name="newspulse:article-id">` (an invalid one gives none,
 * never a guess). Otherwise, on a page that says it is an article (og:type "article" or article:published_time),
 * the id of its canonical URL (link rel=canonical, else og:url, else its own address) by the rule feeds use
 * (shared/article-id-rule.ts), so a page and its feed item meet under one id with no template work.
 * '' when the page has none (front pages, section fronts).
 */
import { ARTICLE_ID_PATTERN, articleIdOfUrl } from '../shared/article-id-rule.ts';

export function pageArticleId(doc) {
  var tag = doc.querySelector('script[data-article-id]');
  var meta = doc.querySelector('meta[name="newspulse:article-id"]');
  var explicit = (tag && tag.getAttribute('data-article-id')) || (meta && meta.getAttribute('content'));
  if (explicit) return ARTICLE_ID_PATTERN.test(explicit.trim()) ? explicit.trim() : '';
  if (!doc.querySelector('meta[property="og:type"][content="article"],meta[property="article:published_time"]')) return '';
  var canonical = doc.querySelector('link[rel="canonical"]');
  var ogUrl = doc.querySelector('meta[property="og:url"]');
  return articleIdOfUrl((canonical && canonical.href) || (ogUrl && ogUrl.getAttribute('content')) || location.href, location.href) || '';
}
