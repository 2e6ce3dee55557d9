/** Ranking settings as the command line takes them (`rank --set`, `sites set`). */
/** `--set popularNow.halfLifeMinutes=60` → `{ popularNow: { halfLifeMinutes: 60 } }`. */
export function parseSetting(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = value.indexOf('=');
  if (eq < 1) throw new Error(`--set wants path=value, got "${value}"`);
  const path = value.slice(0, eq).split('.');
  // Setting names only: a path such as __proto__.x would write into Object.prototype.
  if (!path.every((part) => /^[A-Za-z][A-Za-z0-9]*$/.test(part))) throw new Error(`--set wants a setting name such as popularNow.halfLifeMinutes, got "${value.slice(0, eq)}"`);
  const raw = value.slice(eq + 1);
  const parsed = raw === 'true' ? true : raw === 'false' ? false : Number.isFinite(Number(raw)) ? Number(raw) : raw;
  let node = previous;
  for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[path.at(-1)!] = parsed;
  return previous;
}

/** `--unset popularNow.halfLifeMinutes` → `['popularNow', 'halfLifeMinutes']`, validated like --set's names. */
export function parseSettingPath(value: string, previous: string[][] = []): string[][] {
  const path = value.split('.');
  if (!path.every((part) => /^[A-Za-z][A-Za-z0-9]*$/.test(part))) throw new Error(`--unset wants a setting name such as popularNow.halfLifeMinutes, got "${value}"`);
  return [...previous, path];
}
