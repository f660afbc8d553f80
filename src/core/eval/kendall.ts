// Kendall's τ-b between two score lists (higher = better), ties handled.

/** τ-b over the given indices (all when omitted); null when either side has no untied pair. */
export function kendallTau(x: readonly number[], y: readonly number[], indices?: readonly number[]): number | null {
  const idx = indices ?? x.map((_, i) => i);
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  let pairs = 0;
  const r = (v: number) => Math.round(v * 1e9) / 1e9;
  for (let a = 0; a < idx.length; a++)
    for (let b = a + 1; b < idx.length; b++) {
      pairs++;
      const dx = Math.sign(r(x[idx[a]]) - r(x[idx[b]]));
      const dy = Math.sign(r(y[idx[a]]) - r(y[idx[b]]));
      if (dx === 0) tiesX++;
      if (dy === 0) tiesY++;
      if (dx === 0 || dy === 0) continue;
      if (dx === dy) concordant++;
      else discordant++;
    }
  const denom = Math.sqrt((pairs - tiesX) * (pairs - tiesY));
  return denom > 0 ? (concordant - discordant) / denom : null;
}

/** Scores from a best-first order (the first gets the highest); candidates not in it get −∞, so pass the order as `indices` to kendallTau. */
export function scoresFromOrder(n: number, order: readonly number[]): number[] {
  const s = new Array<number>(n).fill(-Infinity);
  order.forEach((c, pos) => (s[c] = order.length - pos));
  return s;
}
