import { createHash } from "node:crypto";

/** Hex SHA-256 of the parts, each length-prefixed so ("ab","c") and ("a","bc") differ. */
export function contentHash(...parts: string[]): string {
  const h = createHash("sha256");
  for (const p of parts) {
    h.update(String(Buffer.byteLength(p)) + ":");
    h.update(p);
  }
  return h.digest("hex");
}

/** A deterministic number in [0, 1) from a seed and a text. */
export function seededUnit(seed: number, text: string): number {
  const hex = contentHash(String(seed), text).slice(0, 13);
  return parseInt(hex, 16) / 2 ** 52;
}

/** Mulberry32: a small seeded PRNG for permutations. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededPermutation(n: number, seed: number): number[] {
  const rnd = seededRandom(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}
