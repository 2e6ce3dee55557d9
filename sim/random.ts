/**
 * Seeded randomness for the simulator. Nothing here calls Math.random: a run is reproduced from its seed, so a
 * failing test or a surprising benchmark can be replayed exactly.
 */

const TWO_32 = 4_294_967_296;

/** mulberry32: tiny, fast, and good enough for traffic shapes; returns [0, 1). */
export function createRandom(seed: number): () => number {
  let a = foldSeed(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_32;
  };
}

/**
 * A seed (any safe integer) as 32 bits. Seeds 0..2^32-1 map to themselves; the high bits of larger or negative
 * seeds are mixed in, so that 1 and 2^32 + 1 do not replay the same stream.
 */
export function foldSeed(seed: number): number {
  const high = Math.floor(seed / TWO_32) | 0;
  return ((seed >>> 0) ^ Math.imul(high, 0x9e3779b9)) >>> 0;
}

/** An independent stream of a seed (catalog, popularity, sessions...), so that changing one does not shift the others. */
export function subSeed(seed: number, stream: number): number {
  return mix32(foldSeed(seed) ^ mix32(stream));
}

/** murmur3's finalizer: a bijection on 32 bits, so distinct inputs give distinct, random-looking outputs. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a of a text, mixed with a seed: a stable per-name number that does not depend on catalog order. */
export function hashText(text: string, seed: number): number {
  let hash = 0x811c9dc5 ^ foldSeed(seed);
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return mix32(hash >>> 0);
}
