import type { PlanName } from "../types";
import { InputError } from "../errors";
import { seededPermutation } from "../hash";

/** Scores a batch of ordered index pairs (i, j) = logit that i beats j; fills the matrix. */
export type ScoreOrdered = (pairs: Array<[number, number]>) => Promise<number[]>;

export interface PlanOutcome {
  /** Candidates whose order the plan itself decided, best first (the rest are ordered by the aggregator). */
  decided: number[];
}

export interface PlanSettings {
  seed: number;
  /** How many winners `topk` must find. */
  topK: number;
}

export const PLAN_NAMES: readonly PlanName[] = ["full", "bubble", "knockout", "topk"];

export function parsePlan(name: string): PlanName {
  if ((PLAN_NAMES as readonly string[]).includes(name)) return name as PlanName;
  throw new InputError(`unknown plan "${name}" (known: ${PLAN_NAMES.join(", ")})`, undefined, undefined, "plan");
}

/** Ordered pairs a plan is expected to score for n candidates (exact for full/bubble/knockout). */
export function expectedCalls(plan: PlanName, n: number, topK: number): number {
  if (n < 2) return 0;
  if (plan === "full") return n * (n - 1);
  if (plan === "topk") return 2 * (n - 1) + 2 * Math.max(0, Math.min(topK, n) - 1) * Math.ceil(Math.log2(n));
  return 2 * (n - 1);
}

/** Compares i and j in both orders; returns d = logit(i,j) − logit(j,i) for each match. */
async function bothOrders(score: ScoreOrdered, matches: Array<[number, number]>): Promise<number[]> {
  const ordered: Array<[number, number]> = [];
  for (const [i, j] of matches) ordered.push([i, j], [j, i]);
  const l = await score(ordered);
  return matches.map((_, m) => l[2 * m] - l[2 * m + 1]);
}

/** All N(N−1) ordered pairs in one batch. */
async function full(n: number, score: ScoreOrdered): Promise<PlanOutcome> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) pairs.push([i, j]);
  await score(pairs);
  return { decided: [] };
}

/** LLM-Blender's best-of-n: walk one seeded permutation, the winner moves on; ties go to the later one. */
async function bubble(n: number, score: ScoreOrdered, seed: number): Promise<PlanOutcome> {
  const perm = seededPermutation(n, seed);
  let cur = perm[0];
  for (let k = 1; k < n; k++) {
    const nxt = perm[k];
    const [d] = await bothOrders(score, [[cur, nxt]]);
    if (!(d > 0)) cur = nxt;
  }
  return { decided: [cur] };
}

/**
 * One knockout tournament over a fixed bracket (slots in seeded order; null = removed).
 * Each round's matches are scored in one batch. Because the bracket never changes, replaying
 * it after removing the winner only re-plays that winner's path: the rest comes from the cache.
 */
async function tournament(slots: Array<number | null>, score: ScoreOrdered): Promise<number | null> {
  let round = slots;
  while (round.length > 1) {
    const matches: Array<[number, number]> = [];
    const next: Array<number | null> = [];
    const pending: number[] = []; // index into next for each match
    for (let s = 0; s < round.length; s += 2) {
      const a = round[s];
      const b = s + 1 < round.length ? round[s + 1] : null;
      if (a !== null && b !== null) {
        pending.push(next.length);
        matches.push([a, b]);
        next.push(null);
      } else next.push(a ?? b);
    }
    if (matches.length) {
      const d = await bothOrders(score, matches);
      matches.forEach(([a, b], m) => (next[pending[m]] = d[m] > 0 ? a : b));
    }
    round = next;
  }
  return round[0] ?? null;
}

async function knockout(n: number, score: ScoreOrdered, seed: number): Promise<PlanOutcome> {
  const winner = await tournament(seededPermutation(n, seed), score);
  return { decided: winner === null ? [] : [winner] };
}

/** Top K by replaying the bracket K times, removing each winner (tournament sort). */
async function topk(n: number, score: ScoreOrdered, seed: number, k: number): Promise<PlanOutcome> {
  const slots: Array<number | null> = seededPermutation(n, seed);
  const decided: number[] = [];
  for (let r = 0; r < Math.min(k, n); r++) {
    const w = await tournament(slots, score);
    if (w === null) break;
    decided.push(w);
    slots[slots.indexOf(w)] = null;
  }
  return { decided };
}

export async function runPlan(plan: PlanName, n: number, score: ScoreOrdered, s: PlanSettings): Promise<PlanOutcome> {
  if (n < 2) return { decided: n === 1 ? [0] : [] };
  switch (plan) {
    case "full":
      return full(n, score);
    case "bubble":
      return bubble(n, score, s.seed);
    case "knockout":
      return knockout(n, score, s.seed);
    case "topk":
      return topk(n, score, s.seed, Math.max(1, s.topK));
  }
}
