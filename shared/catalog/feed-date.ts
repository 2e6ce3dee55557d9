/**
 * Publish dates as feeds really send them, to an ISO string, or the reason they cannot be read:
 * - RFC 822 (RSS pubDate) with day and month names in English, Portuguese, Spanish, French, German, Italian or
 *   Dutch (`Seg, 24 Set 2018 19:42:40 -0300`), two- or four-digit years, seconds optional, and a numeric offset
 *   or a zone name (GMT, EST, CEST, BST, IST, ...);
 * - ISO 8601 / RFC 3339 (Atom, dc:date), with or without seconds, fractions and offset.
 * A date without a zone is UTC, so the result never depends on the machine's zone. An impossible date
 * (`31 Jun 2018`, hour 25) is refused, never rolled over into another day.
 */
export function parseFeedDate(value: string): { iso: string } | { error: string } {
  const text = value.trim().replace(/\s+/g, ' ');
  return iso8601(text) ?? rfc822(text) ?? { error: `unreadable publish date "${text.slice(0, 64)}"` };
}

/**
 * Month tokens (lower case, accents removed) of the languages above: full names and their usual abbreviations.
 * Maps, not objects: a feed's "constructor" or "__proto__" must not find Object.prototype's members.
 */
const MONTHS = new Map<string, number>();
[
  ['jan', 'janv', 'january', 'janvier', 'janeiro', 'enero', 'ene', 'gen', 'gennaio', 'januar', 'janner', 'januari'],
  ['feb', 'fev', 'fevr', 'february', 'fevrier', 'fevereiro', 'febrero', 'febbraio', 'februar', 'februari'],
  ['mar', 'mars', 'march', 'marco', 'marzo', 'marz', 'mrz', 'maart', 'mrt'],
  ['apr', 'abr', 'avr', 'april', 'avril', 'abril', 'aprile'],
  ['may', 'mai', 'mayo', 'maio', 'mag', 'maggio', 'mei'],
  ['jun', 'juin', 'june', 'junho', 'junio', 'giu', 'giugno', 'juni'],
  ['jul', 'juil', 'july', 'juillet', 'julho', 'julio', 'lug', 'luglio', 'juli'],
  ['aug', 'ago', 'aout', 'august', 'agosto', 'augustus'],
  ['sep', 'sept', 'set', 'september', 'septembre', 'setembro', 'septiembre', 'settembre'],
  ['oct', 'out', 'okt', 'ott', 'october', 'octobre', 'outubro', 'octubre', 'ottobre', 'oktober'],
  ['nov', 'november', 'novembre', 'novembro', 'noviembre'],
  ['dec', 'dez', 'dic', 'december', 'decembre', 'dezembro', 'diciembre', 'dicembre', 'dezember'],
].forEach((names, month) => {
  for (const name of names) MONTHS.set(name, month);
});

/**
 * Zone names feeds use, as minutes east of UTC. IST is India's (+05:30), by far the most common in feeds;
 * ambiguous names not listed here (AST, CST outside North America) are refused rather than guessed.
 */
const ZONES = new Map<string, number>(Object.entries({
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, west: 60, bst: 60, ist: 330, cet: 60, cest: 120, met: 60, mest: 120,
  eet: 120, eest: 180, msk: 180, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480,
  pdt: -420, akst: -540, akdt: -480, hst: -600, brt: -180, art: -180, jst: 540, kst: 540, hkt: 480, sgt: 480,
  awst: 480, acst: 570, aest: 600, aedt: 660, nzst: 720, nzdt: 780, wib: 420,
}));

const RFC822 = /^(?:[\p{L}]+\.?,? )?(\d{1,2}) ([\p{L}]+)\.?,? (\d{4}|\d{2}),? (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([+-]\d{2}:?\d{2}|[A-Za-z]{1,5}))?$/u;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)? ?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function rfc822(text: string): { iso: string } | { error: string } | undefined {
  const m = RFC822.exec(text);
  if (!m) return undefined;
  const [, day, monthName, year, hour, minute, second, zone] = m;
  const month = MONTHS.get(monthName!.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
  if (month === undefined) return { error: `unknown month "${monthName}" in publish date "${text.slice(0, 64)}"` };
  const fullYear = year!.length === 2 ? 2000 + Number(year) - (Number(year) >= 50 ? 100 : 0) : Number(year);
  const offset = zoneOffset(zone);
  if (offset === undefined) return { error: `unknown time zone "${zone}" in publish date "${text.slice(0, 64)}"` };
  return build(text, fullYear, month, Number(day), Number(hour), Number(minute), Number(second ?? 0), offset);
}

function iso8601(text: string): { iso: string } | { error: string } | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, zone] = m;
  const offset = zoneOffset(zone);
  return build(text, Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0), offset!);
}

/** Minutes east of UTC for `+hhmm`, `+hh:mm`, `+hh` or a zone name; 0 when absent; undefined when unknown. */
function zoneOffset(zone: string | undefined): number | undefined {
  if (zone === undefined) return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3] ?? 0));
  return ZONES.get(zone.toLowerCase());
}

/** The instant, unless a field is out of range (JavaScript's Date would quietly roll `31 Jun` into July). */
function build(text: string, year: number, month: number, day: number, hour: number, minute: number, second: number, offsetMinutes: number) {
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (month < 0 || month > 11 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 60 || Math.abs(offsetMinutes) > 14 * 60) {
    return { error: `impossible publish date "${text.slice(0, 64)}"` };
  }
  // A leap second (:60) is read as the last second of its minute.
  const ms = Date.UTC(year, month, day, hour, minute, Math.min(second, 59)) - offsetMinutes * 60_000;
  return { iso: new Date(ms).toISOString() };
}
