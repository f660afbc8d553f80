import type { AggregatorName } from "../types";
import { InputError } from "../errors";
import { sigmoid } from "../numbers";

export type Matrix = (number | null)[][];

export interface Aggregation {
  /** Higher is better. */
  scores: number[];
  /** MaxWins count for every candidate (reported whatever the aggregator). */
  wins: number[];
  /** Bradley–Terry strengths (bradley-terry only), geometric mean 1. */
  strengths?: number[];
}

export const AGGREGATOR_NAMES: readonly AggregatorName[] = ["max-logits", "max-wins", "copeland", "bradley-terry"];

export function parseAggregator(name: string): AggregatorName {
  if ((AGGREGATOR_NAMES as readonly string[]).includes(name)) return name as AggregatorName;
  throw new InputError(`unknown aggregator "${name}" (known: ${AGGREGATOR_NAMES.join(", ")})`, undefined, undefined, "aggregate");
}

/** MaxLogits: s_i = Σ_j (M[i][j] − M[j][i]) over the entries that were compared. */
export function maxLogits(m: Matrix): number[] {
  const n = m.length;
  const s = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const v = m[i][j];
      if (v !== null) {
        s[i] += v;
        s[j] -= v;
      }
    }
  return s;
}

/** MaxWins: w_i = #{j : M[i][j] > 0} + #{j : M[j][i] < 0}. */
export function maxWins(m: Matrix): number[] {
  const n = m.length;
  const w = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const v = m[i][j];
      if (v === null) continue;
      if (v > 0) w[i]++;
      else if (v < 0) w[j]++;
    }
  return w;
}

/** Both-order margin d_ij = M[i][j] − M[j][i] (one side alone if only one was compared); null if neither. */
function margin(m: Matrix, i: number, j: number): number | null {
  const a = m[i][j];
  const b = m[j][i];
  if (a === null && b === null) return null;
  return (a ?? 0) - (b ?? 0);
}

/** Copeland: per compared pair, +1 for a win and −1 for a loss on the both-order margin. */
export function copeland(m: Matrix): number[] {
  const n = m.length;
  const s = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const d = margin(m, i, j);
      if (d === null || d === 0) continue;
      s[d > 0 ? i : j]++;
      s[d > 0 ? j : i]--;
    }
  return s;
}

/**
 * Bradley–Terry by Hunter's MM iterations. Each compared ordered entry M[i][j] is one game
 * that i wins with probability σ(M[i][j]) (soft wins); every compared pair also gets
 * `pseudo` virtual wins each way, which keeps strengths finite when one side always wins.
 */
export function bradleyTerry(m: Matrix, pseudo = 0.1, iterations = 500, tol = 1e-10): number[] {
  const n = m.length;
  const wins = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const games = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const v = m[i][j];
      if (v === null) continue;
      const p = sigmoid(v);
      wins[i][j] += p;
      wins[j][i] += 1 - p;
      games[i][j] += 1;
      games[j][i] += 1;
    }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j && games[i][j] > 0) {
        wins[i][j] += pseudo;
        games[i][j] += 2 * pseudo;
      }
  let p = new Array<number>(n).fill(1);
  for (let it = 0; it < iterations; it++) {
    const next = p.map((pi, i) => {
      let w = 0;
      let denom = 0;
      for (let j = 0; j < n; j++) {
        if (j === i || games[i][j] === 0) continue;
        w += wins[i][j];
        denom += games[i][j] / (pi + p[j]);
      }
      return denom > 0 ? w / denom : pi;
    });
    const logMean = next.reduce((acc, x) => acc + Math.log(x), 0) / n;
    const scale = Math.exp(-logMean);
    const normed = next.map((x) => x * scale);
    const delta = Math.max(...normed.map((x, i) => Math.abs(x - p[i])));
    p = normed;
    if (delta < tol) break;
  }
  return p;
}

export function aggregate(name: AggregatorName, m: Matrix): Aggregation {
  const wins = maxWins(m);
  switch (name) {
    case "max-logits":
      return { scores: maxLogits(m), wins };
    case "max-wins":
      return { scores: wins.slice(), wins };
    case "copeland":
      return { scores: copeland(m), wins };
    case "bradley-terry": {
      const strengths = bradleyTerry(m);
      return { scores: strengths.map((x) => Math.log(x)), wins, strengths };
    }
  }
}

/** A score as ranks compare it: float noise from summation order (1e-9) is not a difference. */
export function roundScore(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

/** rank = 1 + number of strictly better scores: equal scores share the better rank. */
export function scoresToRanks(scores: number[]): number[] {
  const r = scores.map(roundScore);
  return r.map((s) => 1 + r.filter((t) => t > s).length);
}

/**
 * Candidate indices best first, by the same rounded score the ranks use, so candidates that
 * share a rank are listed in index order (as LLM-Blender's stable sort lists them).
 */
export function orderByScore(indices: readonly number[], scores: readonly number[]): number[] {
  return [...indices].sort((a, b) => roundScore(scores[b]) - roundScore(scores[a]) || a - b);
}
