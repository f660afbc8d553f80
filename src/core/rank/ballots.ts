// Whole-list ballots as a pairwise matrix, and the orders answers are shown in.
import type { Ballot } from "../types";
import { seededPermutation, seededUnit } from "../hash";
import type { Matrix } from "./aggregators";

/**
 * Virtual half-wins each way per pair, so a share of 2 of 2 ballots is a finite logit:
 * ln(2.5 / 0.5) = ln 5 ≈ 1.61, and 1 of 1 is ln 3 ≈ 1.10.
 */
export const BALLOT_PSEUDO_COUNT = 0.5;

/** For every ordered pair (i, j): how many ballots ranked both, and how many put i above j. */
export function ballotCounts(n: number, ballots: readonly Ballot[]): { above: number[][]; both: number[][] } {
  const above = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const both = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const b of ballots)
    for (let x = 0; x < b.order.length; x++)
      for (let y = x + 1; y < b.order.length; y++) {
        const i = b.order[x];
        const j = b.order[y];
        above[i][j]++;
        both[i][j]++;
        both[j][i]++;
      }
  return { above, both };
}

/**
 * M[i][j] = ln((w_ij + α) / (w_ji + α)), the logit of the share of ballots that put i above j
 * with α pseudo-wins each way; null where no ballot ranked both. M[j][i] = −M[i][j].
 */
export function ballotsToMatrix(n: number, ballots: readonly Ballot[], pseudo = BALLOT_PSEUDO_COUNT): Matrix {
  const { above, both } = ballotCounts(n, ballots);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j || both[i][j] === 0 ? null : Math.log((above[i][j] + pseudo) / (above[j][i] + pseudo)))),
  );
}

/** A 31-bit seed from the run's seed and a text (the prompt, and the judge for the council). */
export function mixSeed(seed: number, text: string): number {
  return Math.floor(seededUnit(seed, text) * 2 ** 31);
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** How many different orders k orderings of n answers can be (at most n!). */
export function distinctOrders(n: number, k: number): number {
  if (n < 2) return 0;
  return Math.min(k, n > 12 ? k : factorial(n));
}

/**
 * The k orders `items` are shown in: a seeded shuffle, then its reverse (so a judge that
 * favours the first or the last place favours every answer equally often), then further
 * seeded shuffles that differ from the ones before.
 */
export function shownOrders(items: readonly number[], k: number, seed: number): number[][] {
  const n = items.length;
  const count = distinctOrders(n, k);
  if (count === 0) return [];
  const apply = (p: number[]) => p.map((i) => items[i]);
  const orders = [apply(seededPermutation(n, seed))];
  if (count >= 2) orders.push([...orders[0]].reverse());
  const seen = new Set(orders.map((o) => o.join(",")));
  for (let attempt = 1; orders.length < count && attempt < 1000; attempt++) {
    const o = apply(seededPermutation(n, seed + 7919 * attempt));
    const key = o.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    orders.push(o);
  }
  return orders;
}
