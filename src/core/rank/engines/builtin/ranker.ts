import type { PairInput, PairwiseRanker, RunOptions } from "../../../types";
import { throwIfAborted } from "../../../errors";
import { contentHash } from "../../../hash";
import type { InferenceSession, OnnxRuntime } from "../../../models/onnx-session";
import { Featurizer, type PromptInfo } from "./features";

/** Scored answers kept per ranker (keyed by prompt + answer), so each answer is featurised once. */
const ANSWER_CACHE = 50_000;
const PROMPT_CACHE = 256;

/**
 * The builtin ranker: a pointwise scorer (ONNX MLP over answer features) turned into a pair
 * logit score(a) − score(b). Antisymmetric by construction; equal answers tie exactly.
 */
export class BuiltinRanker implements PairwiseRanker {
  readonly name = "builtin";
  private readonly scores = new Map<string, number>();
  private readonly prompts = new Map<string, PromptInfo>();

  constructor(
    readonly modelId: string,
    private readonly ort: OnnxRuntime,
    private readonly session: InferenceSession,
    private readonly featurizer: Featurizer,
    private readonly batchSize = 64,
  ) {}

  async scorePairs(pairs: PairInput[], opts: RunOptions = {}): Promise<number[]> {
    const keyOf = (source: string, text: string) => contentHash(source, text);
    const todo = new Map<string, { source: string; text: string }>();
    const keys = pairs.map((p) => {
      const ka = keyOf(p.source, p.a);
      const kb = keyOf(p.source, p.b);
      if (!this.scores.has(ka)) todo.set(ka, { source: p.source, text: p.a });
      if (!this.scores.has(kb)) todo.set(kb, { source: p.source, text: p.b });
      return [ka, kb] as const;
    });
    const work = [...todo.entries()];
    for (let s = 0; s < work.length; s += this.batchSize) {
      throwIfAborted(opts.signal);
      const part = work.slice(s, s + this.batchSize);
      const out = await this.scoreAnswers(part.map(([, v]) => v));
      part.forEach(([k], i) => this.remember(k, out[i]));
    }
    // Read from a local copy: the cache may evict entries of this very call when it is huge.
    const local = new Map(work.map(([k]) => [k, this.scores.get(k) as number]));
    const get = (k: string) => local.get(k) ?? (this.scores.get(k) as number);
    return keys.map(([ka, kb]) => (ka === kb ? 0 : get(ka) - get(kb)));
  }

  /** Pointwise scores of answers (exposed for tests and benchmarks). */
  async scoreAnswers(items: Array<{ source: string; text: string }>): Promise<number[]> {
    if (items.length === 0) return [];
    const dim = this.featurizer.dim;
    const x = new Float32Array(items.length * dim);
    items.forEach((it, i) => this.featurizer.write(this.promptInfo(it.source), it.text, x, i * dim));
    const feeds = { features: new this.ort.Tensor("float32", x, [items.length, dim]) };
    const res = await this.session.run(feeds);
    const data = res.score.data as Float32Array;
    return Array.from(data, (v) => v);
  }

  private promptInfo(source: string): PromptInfo {
    let p = this.prompts.get(source);
    if (!p) {
      if (this.prompts.size >= PROMPT_CACHE) this.prompts.delete(this.prompts.keys().next().value as string);
      p = this.featurizer.promptInfo(source);
      this.prompts.set(source, p);
    }
    return p;
  }

  private remember(key: string, value: number): void {
    if (this.scores.size >= ANSWER_CACHE) this.scores.delete(this.scores.keys().next().value as string);
    this.scores.set(key, value);
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
