import { hashText } from '../../sim/random.ts';
import { escapeHtml } from './escape-html.ts';

/**
 * A lead-image stand-in (1200x630, the Open Graph size): a gradient in a colour of the article's section with
 * the section's name. SVG is XML, so the name is escaped like HTML text.
 */
export function placeholderSvg(articleId: string, section: string | undefined): string {
  const hue = section ? hashText(section, 3) % 360 : 210;
  const shift = hashText(articleId, 5) % 40;
  const label = escapeHtml((section ?? 'news').toUpperCase());
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hue} 45% 38%)"/><stop offset="1" stop-color="hsl(${(hue + shift + 20) % 360} 55% 22%)"/>
</linearGradient></defs>
<rect width="1200" height="630" fill="url(#g)"/>
<circle cx="${900 + shift * 4}" cy="${160 + shift * 3}" r="260" fill="#fff" fill-opacity="0.07"/>
<circle cx="${180 + shift * 2}" cy="540" r="180" fill="#fff" fill-opacity="0.05"/>
<text x="64" y="560" fill="#fff" fill-opacity="0.9" font-family="Georgia, serif" font-size="64" font-weight="700">${label}</text>
</svg>`;
}
