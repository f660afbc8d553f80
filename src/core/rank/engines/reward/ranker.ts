import type { BlendIssue, PairInput, PairwiseRanker, RunOptions } from "../../../types";
import { throwIfAborted } from "../../../errors";
import { contentHash } from "../../../hash";
import type { BatchRunner } from "../../../models/batch-runner";
import { runBatches } from "../../../models/run-batches";
import { padBatch, planBatches } from "../../batching";
import type { ConversationEncoder, Cut, EncodedConversation } from "./conversation";

/** Scores of (prompt, answer) kept between calls: every plan asks for each answer N−1 times or more. */
class ScoreCache {
  private readonly map = new Map<string, number>();
  constructor(private readonly limit = 8192) {}
  get(key: string): number | undefined {
    return this.map.get(key);
  }
  set(key: string, v: number): void {
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, v);
  }
}

export interface RewardRankerOptions {
  /** Sequences per model run. */
  batchSize: number;
  /** Padded tokens per model run (a longer sequence runs alone). */
  batchTokens: number;
  /** Names the model in reported issues. */
  label: string;
}

function snippet(text: string): string {
  const flat = text.replace(/\p{Cc}+/gu, " ").replace(/\s+/g, " ").trim();
  return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
}

const n = (x: number) => x.toLocaleString("en-US");

/**
 * A pointwise reward model as a pairwise ranker: each (prompt, answer) is scored once by
 * one forward pass (cached), and the logit that a beats b is score(a) − score(b).
 */
export class RewardRanker implements PairwiseRanker {
  readonly name = "reward";
  readonly issues: BlendIssue[] = [];
  /** Sequences run through the model so far (each is one forward pass). */
  passes = 0;
  private readonly cache = new ScoreCache();

  constructor(
    readonly modelId: string,
    private readonly runner: BatchRunner,
    readonly encoder: ConversationEncoder,
    private readonly padId: number,
    private readonly opts: RewardRankerOptions,
  ) {}

  /** The ids the model sees for (prompt, answer), cut to the limit (exposed for tests and the benchmark). */
  encode(prompt: string, answer: string): EncodedConversation {
    return this.encoder.encode(prompt, answer);
  }

  /** Rewards of (prompt, answer) items, each distinct one computed once; in input order. */
  async scoreAnswers(items: readonly { prompt: string; answer: string }[], opts: RunOptions = {}): Promise<number[]> {
    throwIfAborted(opts.signal);
    const keys = items.map((it) => contentHash(it.prompt, it.answer));
    const todo = new Map<string, { prompt: string; answer: string }>();
    keys.forEach((k, i) => {
      if (this.cache.get(k) === undefined && !todo.has(k)) todo.set(k, items[i]);
    });
    const work = [...todo.entries()];
    const encoded = work.map(([, it]) => this.encoder.encode(it.prompt, it.answer));
    this.reportCuts(work.map(([, it]) => it), encoded);
    const seqs = encoded.map((e) => e.ids);
    let done = 0;
    opts.onProgress?.({ stage: "rank", done, total: seqs.length, message: "scoring answers" });
    const plans = planBatches(seqs.map((s) => s.length), this.opts.batchSize, this.opts.batchTokens);
    await runBatches(
      this.runner,
      plans.length,
      (k) => padBatch(plans[k].indices.map((i) => seqs[i]), this.padId),
      (k, logits) => {
        const plan = plans[k];
        plan.indices.forEach((idx, j) => {
          if (!Number.isFinite(logits[j])) throw new Error(`reward: the model returned a non-finite score (${logits[j]})`);
          this.cache.set(work[idx][0], logits[j]);
        });
        done += plan.indices.length;
        this.passes += plan.indices.length;
        opts.onProgress?.({ stage: "rank", done, total: seqs.length, message: "scoring answers" });
      },
      opts.signal,
    );
    throwIfAborted(opts.signal);
    return keys.map((k) => this.cache.get(k) as number);
  }

  async scorePairs(pairs: PairInput[], opts: RunOptions = {}): Promise<number[]> {
    const items = pairs.flatMap((p) => [
      { prompt: p.source, answer: p.a },
      { prompt: p.source, answer: p.b },
    ]);
    const scores = await this.scoreAnswers(items, opts);
    return pairs.map((_, i) => scores[2 * i] - scores[2 * i + 1]);
  }

  /** One issue per prompt that had to be cut, saying how. */
  private reportCuts(items: readonly { prompt: string; answer: string }[], encoded: readonly EncodedConversation[]): void {
    const byPrompt = new Map<string, Cut[]>();
    encoded.forEach((e, i) => {
      if (!e.cut) return;
      const list = byPrompt.get(items[i].prompt) ?? [];
      list.push(e.cut);
      byPrompt.set(items[i].prompt, list);
    });
    const limit = n(this.encoder.maxTokens);
    for (const [prompt, cuts] of byPrompt) {
      const whole = cuts.filter((c) => c.keptAnswerTokens === c.answerTokens);
      const parts: string[] = [];
      if (whole.length) {
        const kept = whole.map((c) => c.keptPromptTokens);
        const range = Math.min(...kept) === Math.max(...kept) ? n(kept[0]) : `${n(Math.min(...kept))}–${n(Math.max(...kept))}`;
        parts.push(`for ${whole.length} answer${whole.length === 1 ? "" : "s"} the prompt was shortened from the left to its last ${range} of ${n(whole[0].promptTokens)} tokens (the answers kept whole)`);
      }
      const cutAnswers = cuts.length - whole.length;
      if (cutAnswers) parts.push(`${cutAnswers} answer${cutAnswers === 1 ? " was" : "s were"} longer than the limit by itself: scored without the prompt, cut at the end`);
      this.issues.push({ where: `reward ${this.opts.label}`, message: `input over the model's ${limit}-token limit (prompt “${snippet(prompt)}”): ${parts.join("; ")}` });
    }
  }

  async dispose(): Promise<void> {
    await this.runner.release();
  }
}
