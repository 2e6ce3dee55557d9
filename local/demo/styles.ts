/**
 * The demo site's stylesheet: a plain news layout (masthead, section nav, main column and sidebar) and the
 * look of the blocks widgets.js renders (`.newspulse-*` classes), which a real site would style its own way.
 */
export const DEMO_CSS = `
:root {
  --ink: #1a1a1a;
  --muted: #5f6368;
  --rule: #e2e2e2;
  --accent: #b3261e;
  --paper: #ffffff;
  --wash: #f6f5f2;
  --serif: Georgia, 'Times New Roman', serif;
  --sans: system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--wash); color: var(--ink); font: 16px/1.55 var(--sans); }
a { color: inherit; text-decoration: none; }
a:hover { text-decoration: underline; }
.wrap { max-width: 1120px; margin: 0 auto; padding: 0 20px; }

/* masthead and section nav */
.masthead { background: var(--paper); border-bottom: 1px solid var(--rule); }
.masthead .wrap { display: flex; align-items: baseline; justify-content: space-between; gap: 16px; padding-top: 18px; padding-bottom: 12px; }
.brand { font: 700 32px/1.1 var(--serif); letter-spacing: -0.5px; }
.tagline { color: var(--muted); font-size: 13px; }
.section-nav { background: var(--ink); }
.section-nav ul { display: flex; flex-wrap: wrap; gap: 4px; margin: 0; padding: 0 20px; list-style: none; max-width: 1120px; margin: 0 auto; }
.section-nav a { display: block; padding: 10px 12px; color: #fff; font-size: 14px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.4px; }
.section-nav a[aria-current='page'] { box-shadow: inset 0 -3px 0 var(--accent); }

/* main column + sidebar */
.page { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 32px; padding-top: 24px; padding-bottom: 48px; }
@media (max-width: 860px) { .page { grid-template-columns: 1fr; } }
.main-column, .sidebar > * { background: var(--paper); border: 1px solid var(--rule); padding: 20px 24px; }
.sidebar { display: flex; flex-direction: column; gap: 20px; }
.sidebar > *[hidden] { display: none; }

/* the article */
.kicker { margin: 0 0 6px; color: var(--accent); font-size: 13px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.6px; }
.story h1 { margin: 0 0 12px; font: 700 36px/1.15 var(--serif); }
.byline { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 18px; color: var(--muted); font-size: 14px; }
.views { font-weight: 600; color: var(--ink); }
.lead-image { margin: 0 0 20px; }
.lead-image img { display: block; width: 100%; height: auto; aspect-ratio: 1200 / 630; background: var(--rule); }
.lead-image figcaption { color: var(--muted); font-size: 13px; padding-top: 6px; }
.story-body p { font: 19px/1.65 var(--serif); margin: 0 0 18px; }
.story-body p:first-child::first-letter { float: left; font-size: 58px; line-height: 0.9; padding: 6px 8px 0 0; font-weight: 700; }
.tags { display: flex; flex-wrap: wrap; gap: 8px; margin: 24px 0 0; padding: 0; list-style: none; }
.tags li { background: var(--wash); border: 1px solid var(--rule); border-radius: 999px; padding: 2px 10px; font-size: 13px; color: var(--muted); }

/* blocks under the article and in the sidebar (filled by widgets.js) */
.below-article { margin-top: 32px; display: grid; gap: 28px; }
.below-article[hidden], .below-article > [hidden] { display: none; }
.newspulse-title, .block-title { margin: 0 0 12px; padding-bottom: 8px; border-bottom: 3px solid var(--ink); font: 700 18px/1.2 var(--sans); text-transform: none; }
.newspulse-label { color: var(--accent); text-transform: uppercase; }
.newspulse-list, .story-list { margin: 0; padding: 0; list-style: none; }
.newspulse-item, .story-list li { padding: 10px 0; border-bottom: 1px solid var(--rule); }
.newspulse-item:last-child, .story-list li:last-child { border-bottom: 0; }
.newspulse-headline, .story-list a { font: 600 16px/1.35 var(--serif); }
.newspulse-meta, .story-meta { display: block; margin-top: 3px; color: var(--muted); font-size: 12px; }
.newspulse-section { text-transform: capitalize; }
ol.newspulse-list { counter-reset: rank; }
ol.newspulse-list .newspulse-item { display: grid; grid-template-columns: 34px 1fr; counter-increment: rank; }
ol.newspulse-list .newspulse-item::before { content: counter(rank); grid-row: span 2; color: var(--accent); font: 700 24px/1 var(--serif); }
[data-images='true'] .newspulse-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(120px, 1fr)); gap: 14px; }
[data-images='true'] .newspulse-item { border: 0; padding: 0; }
.newspulse-image { display: block; width: 100%; aspect-ratio: 1200 / 630; height: auto; margin-bottom: 6px; background: var(--rule); }
.newspulse-link { display: block; }

/* front pages */
.top-story { display: grid; grid-template-columns: 1.3fr 1fr; gap: 20px; padding-bottom: 20px; margin-bottom: 12px; border-bottom: 1px solid var(--rule); }
@media (max-width: 700px) { .top-story { grid-template-columns: 1fr; } }
.top-story img { width: 100%; height: auto; aspect-ratio: 1200 / 630; display: block; }
.top-story h2 { margin: 0 0 8px; font: 700 28px/1.2 var(--serif); }
.standfirst { color: var(--muted); margin: 0; }
.front-sections { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 8px 28px; }
.front-section { padding-top: 12px; }
.section-page-list li { display: grid; grid-template-columns: 160px 1fr; gap: 14px; align-items: start; }
.section-page-list img { width: 100%; height: auto; aspect-ratio: 1200 / 630; display: block; }
.not-found h1 { font: 700 30px/1.2 var(--serif); }

.site-footer { border-top: 1px solid var(--rule); background: var(--paper); color: var(--muted); font-size: 13px; padding: 18px 0 28px; }
`;
