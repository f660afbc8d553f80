// `eval` over a stream of examples: read, rank, evaluate, forget. Memory stays flat however
// large the dataset (the pair cache is bounded, the summary is running sums), and the work per
// record does not grow with the records before it.
import { LoadTally, type InputUnit } from "../candidates/load";
import type { BlendExample, Ranker, RunOptions } from "../types";
import { PairCache } from "../rank/pair-cache";
import { rankExample, type RankSettings } from "../rank/rank-example";
import { EvalAccumulator, evaluateExample, PairedAccumulator, type BaselineComparison, type EvalSummary, type ExampleEval } from "./metrics";

/** What one evaluated example adds to the summary: enough to rebuild it without ranking again (eval --out / --resume). */
export interface SavedEval {
  id: string;
  candidates: number;
  /** Ranker calls for this example (the baseline's are not counted). */
  comparisons: number;
  eval: ExampleEval;
  baseline?: ExampleEval;
}

/** The running summary (and the baseline comparison, when there is one). */
export class EvalTally {
  readonly acc = new EvalAccumulator();
  readonly paired: PairedAccumulator | undefined;
  constructor(withBaseline: boolean) {
    this.paired = withBaseline ? new PairedAccumulator() : undefined;
  }

  add(e: SavedEval): void {
    this.acc.add(e.eval, e.candidates, e.comparisons);
    if (this.paired) {
      if (!e.baseline) throw new Error(`example ${e.id} has no baseline evaluation`);
      this.paired.add(e.eval, e.baseline);
    }
  }
}

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
  /** Examples evaluated by an earlier run (--resume): already in `tally`, not ranked again. */
  skip?: (ex: BlendExample) => boolean;
  /** A summary to continue (the earlier run's examples added). */
  tally?: EvalTally;
  /** Each example as it is evaluated (eval --out). */
  onEvaluated?: (e: SavedEval) => void;
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
  const tally = opts.tally ?? new EvalTally(opts.baseline !== undefined);
  for await (const unit of input) {
    if (unit.example && opts.limit !== undefined && load.examples >= opts.limit) break;
    load.add(unit);
    const ex = unit.example;
    if (!ex || !isJudged(ex) || opts.skip?.(ex)) continue;
    const r = await rankExample(ex, ranker, settings, cache, { signal: opts.signal });
    const saved: SavedEval = { id: ex.id, candidates: ex.candidates.length, comparisons: r.comparisons, eval: evaluateExample(ex, r, opts.tieMargin) };
    if (opts.baseline) saved.baseline = evaluateExample(ex, await rankExample(ex, opts.baseline, settings, cache, { signal: opts.signal }), opts.tieMargin);
    tally.add(saved);
    opts.onEvaluated?.(saved);
    opts.onExample?.(tally.acc.count);
  }
  return {
    summary: tally.acc.summary(ranker.name),
    ...(opts.baseline && tally.paired ? { baseline: tally.paired.result(opts.baseline.name) } : {}),
    load,
  };
}
