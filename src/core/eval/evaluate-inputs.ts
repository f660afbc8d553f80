// `eval` over a stream of examples: read, rank, evaluate, forget. Memory stays flat however
// large the dataset (the pair cache is bounded, the summary is running sums), and the work per
// record does not grow with the records before it.
import { LoadTally, type InputUnit } from "../candidates/load";
import type { BlendExample, Ranker, RunOptions } from "../types";
import { PairCache } from "../rank/pair-cache";
import { rankExample, type RankSettings } from "../rank/rank-example";
import { EvalAccumulator, evaluateExample, PairedAccumulator, type BaselineComparison, type EvalSummary } from "./metrics";

export interface EvaluateOptions extends RunOptions {
  /** Judge scores closer than this are ties. */
  tieMargin: number;
  /** Stop after this many usable examples (judged or not). */
  limit?: number;
  /** A second ranker evaluated on the very same judge pairs. */
  baseline?: Ranker;
  cache?: PairCache;
  /** Told after each evaluated example. */
  onExample?: (evaluated: number) => void;
}

export interface EvaluateResult {
  summary: EvalSummary;
  baseline?: BaselineComparison;
  /** Problems, bad records and usable examples of the inputs. */
  load: LoadTally;
}

/** Whether the judge said anything about this example (judgments, or scores for two or more answers). */
export function isJudged(ex: BlendExample): boolean {
  return (ex.judgments?.length ?? 0) > 0 || (ex.scores !== undefined && Object.keys(ex.scores).length > 1);
}

export async function evaluateInputs(input: AsyncIterable<InputUnit>, ranker: Ranker, settings: RankSettings, opts: EvaluateOptions): Promise<EvaluateResult> {
  const cache = opts.cache ?? new PairCache();
  const load = new LoadTally();
  const acc = new EvalAccumulator();
  const paired = opts.baseline ? new PairedAccumulator() : undefined;
  let comparisons = 0;
  for await (const unit of input) {
    if (unit.example && opts.limit !== undefined && load.examples >= opts.limit) break;
    load.add(unit);
    const ex = unit.example;
    if (!ex || !isJudged(ex)) continue;
    const r = await rankExample(ex, ranker, settings, cache, { signal: opts.signal });
    comparisons += r.comparisons;
    const mine = evaluateExample(ex, r, opts.tieMargin);
    acc.add(mine, ex.candidates.length);
    if (opts.baseline && paired) {
      const theirs = evaluateExample(ex, await rankExample(ex, opts.baseline, settings, cache, { signal: opts.signal }), opts.tieMargin);
      paired.add(mine, theirs);
    }
    opts.onExample?.(acc.count);
  }
  return {
    summary: acc.summary(ranker.name, comparisons),
    ...(opts.baseline && paired ? { baseline: paired.result(opts.baseline.name) } : {}),
    load,
  };
}
