/** Ranking settings as the command line takes them (`rank --set`, `sites set --set/--unset`). */

/**
 * `popularNow.halfLifeMinutes` → `['popularNow', 'halfLifeMinutes']`. Setting names only: a path such as
 * `__proto__.x` would write into Object.prototype.
 */
function settingPath(name: string, option: string): string[] {
  const path = name.split('.');
  if (!path.every((part) => /^[A-Za-z][A-Za-z0-9]*$/.test(part))) throw new Error(`${option} wants a setting name such as popularNow.halfLifeMinutes, got "${name}"`);
  return path;
}

/** `--set popularNow.halfLifeMinutes=60` → `{ popularNow: { halfLifeMinutes: 60 } }`. */
export function parseSetting(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = value.indexOf('=');
  if (eq < 1) throw new Error(`--set wants path=value, got "${value}"`);
  const path = settingPath(value.slice(0, eq), '--set');
  const raw = value.slice(eq + 1);
  const parsed = raw === 'true' ? true : raw === 'false' ? false : Number.isFinite(Number(raw)) ? Number(raw) : raw;
  let node = previous;
  for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[path.at(-1)!] = parsed;
  return previous;
}

/** `--unset popularNow.halfLifeMinutes` → `['popularNow', 'halfLifeMinutes']`, collected. */
export function parseSettingPath(value: string, previous: string[][] = []): string[][] {
  return [...previous, settingPath(value, '--unset')];
}
