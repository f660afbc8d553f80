// Standard errors for pairwise accuracies. Pairs of one example share candidates, so they are
// not independent: the errors are clustered by example (a ratio estimator over examples).

/** One example's contribution: the summed credit (or credit difference) over its n pairs. */
export interface Cluster {
  n: number;
  sum: number;
}

export interface Estimate {
  pairs: number;
  mean: number;
  /** Standard error clustered by example; null with fewer than two examples that have pairs. */
  se: number | null;
}

export function clusteredMean(clusters: Cluster[]): Estimate | null {
  const used = clusters.filter((c) => c.n > 0);
  const pairs = used.reduce((a, c) => a + c.n, 0);
  if (pairs === 0) return null;
  const mean = used.reduce((a, c) => a + c.sum, 0) / pairs;
  if (used.length < 2) return { pairs, mean, se: null };
  const ss = used.reduce((a, c) => a + (c.sum - mean * c.n) ** 2, 0);
  return { pairs, mean, se: Math.sqrt((used.length / (used.length - 1)) * ss) / pairs };
}

/** The normal-approximation 95 % interval around a mean with standard error se. */
export function interval95(mean: number, se: number): [number, number] {
  return [mean - 1.96 * se, mean + 1.96 * se];
}
