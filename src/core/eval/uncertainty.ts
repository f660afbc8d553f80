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

/**
 * Running sums of clusters, so the clustered mean and its error need O(1) memory however many
 * examples stream through: Σ(s − m·n)² = Σs² − 2m·Σs·n + m²·Σn².
 */
export class ClusterSums {
  private used = 0;
  private pairs = 0;
  private sum = 0;
  private sumSq = 0;
  private sumCross = 0;
  private nSq = 0;

  add(c: Cluster): void {
    if (!(c.n > 0)) return;
    this.used++;
    this.pairs += c.n;
    this.sum += c.sum;
    this.sumSq += c.sum * c.sum;
    this.sumCross += c.sum * c.n;
    this.nSq += c.n * c.n;
  }

  estimate(): Estimate | null {
    if (this.pairs === 0) return null;
    const mean = this.sum / this.pairs;
    if (this.used < 2) return { pairs: this.pairs, mean, se: null };
    const ss = Math.max(0, this.sumSq - 2 * mean * this.sumCross + mean * mean * this.nSq);
    return { pairs: this.pairs, mean, se: Math.sqrt((this.used / (this.used - 1)) * ss) / this.pairs };
  }
}

export function clusteredMean(clusters: Cluster[]): Estimate | null {
  const s = new ClusterSums();
  for (const c of clusters) s.add(c);
  return s.estimate();
}

/** The normal-approximation 95 % interval around a mean with standard error se. */
export function interval95(mean: number, se: number): [number, number] {
  return [mean - 1.96 * se, mean + 1.96 * se];
}
