// The two numbers every view of a blend shows: the probability behind a pairwise logit, and an
// aggregated score.

/** σ(logit): the probability that the row answer beats the column answer. */
export function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}

/** A score with three decimals, or in exponent notation when it is large (Bradley–Terry). */
export function formatScore(x: number): string {
  return Math.abs(x) >= 1000 ? x.toExponential(2) : x.toFixed(3);
}
