/** Placeholders the operator replaces when pasting the snippet into the article template. */
export const SNIPPET_SITE = 'YOUR_SITE';
export const SNIPPET_ARTICLE = 'ARTICLE_ID';

/**
 * The view beacon to paste into an article page template (a stack output): counts one view per page load with
 * navigator.sendBeacon, a string body (text/plain: no CORS preflight), and a random per-tab session id in
 * sessionStorage (the same key web/beacon.js uses, so both count one session). Pages without JavaScript send
 * the pixel. Engaged time (for Must-Reads) needs the full web/beacon.js: the BeaconScript output, served by
 * the stack at `<cdn>/sdk/beacon.js` (infra/constructs/sdk-scripts.ts). `apiUrl` may be a CDK token: the template literal becomes a Fn::Join.
 */
export function beaconSnippet(apiUrl: string): string {
  const script =
    "(function(s){var d=s.dataset,k='newspulse:sid',i;function r(){return crypto.randomUUID().replace(/-/g,'')}" +
    'try{i=sessionStorage.getItem(k);if(!i){i=r();sessionStorage.setItem(k,i)}}catch(e){i=r()}' +
    `navigator.sendBeacon('${apiUrl}/v1/sites/'+encodeURIComponent(d.site)+'/events',` +
    "JSON.stringify({type:'view',articleId:d.articleId,sessionId:i,url:location.href}))})(document.currentScript)";
  return (
    `<script data-site="${SNIPPET_SITE}" data-article-id="${SNIPPET_ARTICLE}">${script}</script>` +
    `<noscript><img src="${apiUrl}/v1/sites/${SNIPPET_SITE}/pixel.gif?articleId=${SNIPPET_ARTICLE}" alt="" width="1" height="1"></noscript>`
  );
}
