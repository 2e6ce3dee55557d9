/**
 * HTML escaping for the demo pages. Every catalog string (titles, sections, tags, URLs) is text from outside,
 * so it is escaped where it meets HTML: a headline such as `<b>markup</b>` must show as text, and a `"` in a
 * URL must not end an attribute.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/** Markup that is already safe (built by `html`), as opposed to text that still needs escaping. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = string | number | SafeHtml | null | undefined | false | readonly Interpolation[];

/**
 * Tagged template that escapes every interpolated value unless it is SafeHtml (another `html` result), so a
 * page cannot forget to escape: `html\`<h1>${article.title}</h1>\``. Arrays are joined; null, undefined and
 * false render nothing.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * JSON for a `<script type="application/ld+json">` block. JSON.stringify alone is not enough: a title holding
 * `</script>` would end the block, so `<`, `>` and `&` are written as \u escapes (JSON readers see the same text).
 */
export function jsonForScript(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}
