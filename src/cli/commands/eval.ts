import { EngineFactory } from "../../core/engines";
import { InputError } from "../../core/errors";
import { evaluateExample, summarize, type EvalSummary, type ExampleEval } from "../../core/eval/metrics";
import { PairCache } from "../../core/rank/pair-cache";
import { rankExample } from "../../core/rank/rank-example";
import { checkKnown, flagNumber, parseArgs } from "../args";
import type { CliIO, Command } from "../io";
import { loadForCli, reportLoadIssues } from "../load-for-cli";
import { ProgressBar } from "../progress";
import { createRanker, parseRankCli, RANK_BOOLEANS, RANK_FLAGS, reportRankerIssues } from "../rank-options";

function fmt(x: number | null, digits = 4): string {
  return x === null ? "n/a" : x.toFixed(digits);
}

function printSummary(s: EvalSummary, io: CliIO): void {
  io.out(
    [
      `ranker               ${s.ranker}`,
      `examples             ${s.examples} (${s.candidatesPerExample.toFixed(2)} candidates each)`,
      `judge pairs          ${s.pairs} non-tie, ${s.ties} ties left out`,
      `pairwise accuracy    ${fmt(s.pairwiseAccuracy)}`,
      `length-matched       ${fmt(s.lengthMatched.pairwiseAccuracy)} on ${s.lengthMatched.pairs} pairs (lengths within ${s.lengthMatched.ratio * 100}%)`,
      `spearman (mean)      ${fmt(s.spearman)}`,
      `top-1 judge rank     ${fmt(s.top1JudgeRank, 3)} (1 = the judge's favourite)`,
      `ranker calls         ${s.comparisons}`,
    ].join("\n") + "\n",
  );
}

export const evalCommand: Command = async (argv, io) => {
  const p = parseArgs(argv, [...RANK_BOOLEANS]);
  checkKnown(p, [...RANK_FLAGS, "tie-margin", "limit"]);
  if (p.positional.length !== 1) throw new InputError("eval needs exactly one <dataset> (blend-set or MixInstruct JSON/JSONL with judgments or scores)");
  const cli = await parseRankCli(p, io);
  const tieMargin = flagNumber(p, "tie-margin", { min: 0 }) ?? 0.1;
  const limit = flagNumber(p, "limit", { min: 1, integer: true });
  const loaded = await loadForCli(p.positional, { keepEmpty: true });
  const examples = limit ? loaded.examples.slice(0, limit) : loaded.examples;
  const judged = examples.filter((e) => (e.judgments?.length ?? 0) > 0 || (e.scores && Object.keys(e.scores).length > 1));
  if (judged.length === 0) throw new InputError(`${p.positional[0]}: no example has judge "judgments" or "scores" to evaluate against`, p.positional[0]);
  const factory = new EngineFactory();
  const bar = new ProgressBar(io, "eval", cli.quiet);
  try {
    const ranker = await createRanker(factory, cli, bar);
    const cache = new PairCache();
    const evals: ExampleEval[] = [];
    const sizes: number[] = [];
    let comparisons = 0;
    for (const ex of judged) {
      const r = await rankExample(ex, ranker, cli.settings, cache, { signal: io.signal });
      comparisons += r.comparisons;
      evals.push(evaluateExample(ex, r, tieMargin));
      sizes.push(ex.candidates.length);
      bar.update(evals.length, judged.length);
    }
    bar.finish();
    const summary = summarize(ranker.name, evals, sizes, comparisons);
    if (cli.json) io.out(JSON.stringify(summary) + "\n");
    else printSummary(summary, io);
    reportRankerIssues(ranker, io);
    await ranker.dispose?.();
    return reportLoadIssues(loaded, io);
  } finally {
    await factory.close();
  }
};
