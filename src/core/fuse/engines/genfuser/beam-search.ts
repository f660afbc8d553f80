// Decoding over an abstract one-token-at-a-time decoder. transformers.js v4's generate() has no
// beam search (its loop keeps only the first sampled token per row), so beams are run here:
// each beam owns its decoder cache; a new beam reuses its parent's cache by reference.
import { abortError } from "../../../errors";

/** One decoder position at a time; `S` is the opaque decoder state (the KV cache). */
export interface StepDecoder<S> {
  /** Runs the decoder start token: next-token logits and the state after it. */
  start(): Promise<{ logits: Float32Array; state: S }>;
  /** Feeds `token` after `state`: next-token logits and the new state. */
  next(state: S, token: number): Promise<{ logits: Float32Array; state: S }>;
}

export interface DecodeOptions {
  maxNewTokens: number;
  eosTokenId: number;
  /** 1 = greedy. */
  numBeams: number;
  /** Beam score = sum of log-probs / length^lengthPenalty (length counts the start token, not `</s>`). */
  lengthPenalty?: number;
  signal?: AbortSignal;
  /**
   * Called after each step with the tokens that are certain to start the final output
   * (greedy: all so far; beams: the common prefix of every live beam and finished hypothesis).
   */
  onCertainPrefix?: (tokens: readonly number[]) => void;
}

export interface DecodeResult {
  /** Generated ids without the start token; ends with `</s>` when generation stopped on it. */
  tokens: number[];
  /** Decoder passes run. */
  steps: number;
}

export async function decode<S>(model: StepDecoder<S>, opts: DecodeOptions): Promise<DecodeResult> {
  return opts.numBeams <= 1 ? greedy(model, opts) : beamSearch(model, opts);
}

function check(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError();
}

function argmax(a: Float32Array): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}

async function greedy<S>(model: StepDecoder<S>, opts: DecodeOptions): Promise<DecodeResult> {
  check(opts.signal);
  let { logits, state } = await model.start();
  let steps = 1;
  const tokens: number[] = [];
  while (tokens.length < opts.maxNewTokens) {
    const t = argmax(logits);
    tokens.push(t);
    if (t === opts.eosTokenId) break;
    opts.onCertainPrefix?.(tokens);
    if (tokens.length === opts.maxNewTokens) break;
    check(opts.signal);
    ({ logits, state } = await model.next(state, t));
    steps++;
  }
  return { tokens, steps };
}

/** log_softmax in float64. */
export function logSoftmax(logits: Float32Array): Float64Array {
  let max = -Infinity;
  for (const x of logits) if (x > max) max = x;
  let sum = 0;
  for (const x of logits) sum += Math.exp(x - max);
  const lse = max + Math.log(sum);
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i] - lse;
  return out;
}

/** Indexes of the k largest values, largest first (ties: lower index first). */
export function topK(values: Float64Array, k: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (idx.length === k && values[i] <= values[idx[k - 1]]) continue;
    let p = idx.length === k ? k - 1 : idx.length;
    while (p > 0 && values[idx[p - 1]] < values[i]) p--;
    idx.splice(p, 0, i);
    if (idx.length > k) idx.pop();
  }
  return idx;
}

interface Beam<S> {
  tokens: number[];
  score: number;
  state: S;
  logits: Float32Array;
}

interface Hypothesis {
  tokens: number[];
  score: number;
  endedOnEos: boolean;
}

/** The best `n` finished hypotheses (Hugging Face's BeamHypotheses, early_stopping=False). */
class Hypotheses {
  readonly items: Hypothesis[] = [];
  constructor(
    private readonly n: number,
    private readonly lengthPenalty: number,
  ) {}
  private worst(): number {
    return this.items.length ? this.items[this.items.length - 1].score : 1e9;
  }
  add(tokens: number[], sumLogprobs: number, endedOnEos: boolean): void {
    const score = sumLogprobs / Math.pow(tokens.length + 1, this.lengthPenalty);
    if (this.items.length < this.n || score > this.worst()) {
      this.items.push({ tokens, score, endedOnEos });
      this.items.sort((a, b) => b.score - a.score);
      this.items.length = Math.min(this.items.length, this.n);
    }
  }
  isDone(bestSumLogprobs: number, curLen: number): boolean {
    return this.items.length >= this.n && this.worst() >= bestSumLogprobs / Math.pow(curLen, this.lengthPenalty);
  }
}

function commonPrefix(seqs: number[][]): number[] {
  if (seqs.length === 0) return [];
  const first = seqs[0];
  let n = first.length;
  for (const s of seqs) {
    let i = 0;
    while (i < n && i < s.length && s[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n);
}

async function beamSearch<S>(model: StepDecoder<S>, opts: DecodeOptions): Promise<DecodeResult> {
  const k = opts.numBeams;
  const hyps = new Hypotheses(k, opts.lengthPenalty ?? 1);
  check(opts.signal);
  const first = await model.start();
  let steps = 1;
  let beams: Beam<S>[] = [{ tokens: [], score: 0, state: first.state, logits: first.logits }];
  let done = false;
  let emitted = 0;
  for (let step = 0; step < opts.maxNewTokens; step++) {
    const curLen = step + 1;
    const cands: { score: number; beam: number; token: number }[] = [];
    beams.forEach((b, bi) => {
      const lp = logSoftmax(b.logits);
      for (const t of topK(lp, 2 * k)) cands.push({ score: lp[t] + b.score, beam: bi, token: t });
    });
    cands.sort((a, b) => b.score - a.score || a.beam - b.beam || a.token - b.token);
    cands.length = Math.min(cands.length, 2 * k);
    const chosen: typeof cands = [];
    for (let rank = 0; rank < cands.length && chosen.length < k; rank++) {
      const c = cands[rank];
      if (c.token === opts.eosTokenId) {
        if (rank < k) hyps.add(beams[c.beam].tokens, c.score, true);
      } else chosen.push(c);
    }
    if (hyps.isDone(cands[0].score, curLen)) {
      done = true;
      break;
    }
    const last = step === opts.maxNewTokens - 1;
    const next: Beam<S>[] = [];
    for (const c of chosen) {
      const parent = beams[c.beam];
      const tokens = [...parent.tokens, c.token];
      if (last) {
        next.push({ tokens, score: c.score, state: parent.state, logits: parent.logits });
        continue;
      }
      check(opts.signal);
      const r = await model.next(parent.state, c.token);
      steps++;
      next.push({ tokens, score: c.score, state: r.state, logits: r.logits });
    }
    beams = next;
    const certain = commonPrefix([...beams.map((b) => b.tokens), ...hyps.items.map((h) => h.tokens)]);
    if (certain.length > emitted) {
      emitted = certain.length;
      opts.onCertainPrefix?.(certain);
    }
  }
  if (!done) for (const b of beams) hyps.add(b.tokens, b.score, false);
  const best = hyps.items[0];
  return { tokens: best.endedOnEos ? [...best.tokens, opts.eosTokenId] : best.tokens, steps };
}
