import type { BlendIssue, PairInput, PairwiseRanker, RunOptions } from "../../../types";
import { BoundedCache } from "../../../bounded-cache";
import { throwIfAborted } from "../../../errors";
import type { BatchRunner } from "../../../models/batch-runner";
import { runBatches } from "../../../models/run-batches";
import { padBatch, planBatches } from "../../batching";
import { cleanText, pairIds, type PairRmLayout } from "./layout";
import type { TokenEncoder } from "./tokenizer";

/** Tokenized texts kept between calls: a full matrix reuses each text N−1 times. */
class TokenCache {
  private readonly cache = new BoundedCache<string, number[]>(512);
  get(text: string, encode: (t: string) => number[]): number[] {
    let ids = this.cache.get(text);
    if (!ids) {
      ids = encode(cleanText(text));
      this.cache.set(text, ids);
    }
    return ids;
  }
}

/**
 * PairRM on onnxruntime-node: tokenize → lay out each ordered pair → sort by length and
 * batch → run the model (a reused onnxruntime session, or a remote inference server) → one
 * logit per pair (> 0: `a` is better).
 */
export class PairRmRanker implements PairwiseRanker {
  readonly name = "pairrm";
  /** What the ranker met loading its model (lengths it had to derive), shown with its results. */
  readonly issues: BlendIssue[] = [];
  private readonly tokens = new TokenCache();

  constructor(
    readonly modelId: string,
    private readonly runner: BatchRunner,
    private readonly tokenizer: TokenEncoder,
    readonly layout: PairRmLayout,
    private readonly batchSize: number,
  ) {}

  /** The token ids the model sees for each pair (exposed for tests and the benchmark). */
  encodePairs(pairs: readonly PairInput[]): number[][] {
    const enc = (t: string) => this.tokens.get(t, (s) => this.tokenizer.encode(s));
    return pairs.map((p) => pairIds(this.layout, enc(p.source), enc(p.a), enc(p.b)));
  }

  /** Runs already laid-out sequences, batched by length (several batches in flight when the runner takes them); results are in input order. */
  async runSequences(seqs: readonly number[][], signal?: AbortSignal): Promise<number[]> {
    const out = new Array<number>(seqs.length);
    const plans = planBatches(seqs.map((s) => s.length), this.batchSize);
    await runBatches(
      this.runner,
      plans.length,
      (k) => padBatch(plans[k].indices.map((i) => seqs[i]), this.layout.padId),
      (k, logits) => plans[k].indices.forEach((idx, j) => (out[idx] = logits[j])),
      signal,
    );
    throwIfAborted(signal);
    return out;
  }

  /** One padded batch through the model (the benchmark times this on its own). */
  runPadded(inputIds: BigInt64Array, attentionMask: BigInt64Array, dims: [number, number]): Promise<Float32Array> {
    return this.runner.run({ inputIds, attentionMask, dims });
  }

  async scorePairs(pairs: PairInput[], opts: RunOptions = {}): Promise<number[]> {
    throwIfAborted(opts.signal);
    return this.runSequences(this.encodePairs(pairs), opts.signal);
  }

  async dispose(): Promise<void> {
    await this.runner.release();
  }
}
