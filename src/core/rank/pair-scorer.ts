import type { PairInput, PairwiseRanker, RunOptions } from "../types";
import { throwIfAborted } from "../errors";
import { PairCache } from "./pair-cache";

/**
 * Scores ordered pairs through a ranker, answering from the cache where it can, in chunks
 * so progress is reported and cancellation is honoured between chunks.
 */
export class PairScorer {
  cacheHits = 0;
  private done = 0;
  private expected = 0;

  constructor(
    private readonly ranker: PairwiseRanker,
    private readonly cache: PairCache,
    private readonly opts: RunOptions & { chunkSize?: number } = {},
  ) {}

  /** Tells progress how many pairs the plan expects to score (it may score fewer). */
  expect(total: number): void {
    this.expected = total;
  }

  async score(pairs: PairInput[]): Promise<number[]> {
    throwIfAborted(this.opts.signal);
    const out = new Array<number>(pairs.length);
    const keys = pairs.map((p) => PairCache.key(this.ranker.name, this.ranker.modelId, p.source, p.a, p.b));
    const todo = new Map<string, number[]>(); // unique key -> indices wanting it
    keys.forEach((k, i) => {
      const hit = this.cache.get(k);
      if (hit !== undefined) {
        out[i] = hit;
        this.cacheHits++;
      } else {
        const list = todo.get(k);
        if (list) {
          list.push(i);
          this.cacheHits++;
        } else todo.set(k, [i]);
      }
    });
    const uniq = [...todo.entries()];
    // Pairs answered from the cache count as done too, so progress reaches its total.
    const answered = pairs.length - uniq.length;
    if (answered > 0) this.report(answered);
    const chunk = this.opts.chunkSize ?? 32;
    for (let s = 0; s < uniq.length; s += chunk) {
      throwIfAborted(this.opts.signal);
      const part = uniq.slice(s, s + chunk);
      let within = 0;
      const logits = await this.ranker.scorePairs(
        part.map(([, idx]) => pairs[idx[0]]),
        {
          signal: this.opts.signal,
          // An engine that reports its own progress (a reward model scoring each answer once
          // in the first chunk) moves the bar inside the chunk, in pair units.
          onProgress: (e) => {
            const now = e.total > 0 ? Math.floor((part.length * Math.min(e.done, e.total)) / e.total) : 0;
            if (now > within && now < part.length) {
              this.report(now - within);
              within = now;
            }
          },
        },
      );
      if (logits.length !== part.length) throw new Error(`ranker ${this.ranker.name} returned ${logits.length} scores for ${part.length} pairs`);
      part.forEach(([k, idx], j) => {
        const v = logits[j];
        if (!Number.isFinite(v)) throw new Error(`ranker ${this.ranker.name} returned a non-finite score`);
        this.cache.set(k, v);
        for (const i of idx) out[i] = v;
      });
      this.report(part.length - within);
    }
    return out;
  }

  private report(pairsDone: number): void {
    this.done += pairsDone;
    this.opts.onProgress?.({ stage: "rank", done: this.done, total: Math.max(this.expected, this.done) });
  }
}
