/**
 * FNV-1a of a text: a fast, stable spread of ids over shards, lanes and buckets. Stable across processes and
 * versions, which a stored layout (trail shards, version buckets) depends on: never change it.
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
