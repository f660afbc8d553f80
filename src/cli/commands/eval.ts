import { EngineFactory } from "../../core/engines";
import { InputError } from "../../core/errors";
import type { BaselineComparison, EvalSummary, PairedDifference } from "../../core/eval/metrics";
import { EvalTally, evaluateInputs, isJudged } from "../../core/eval/evaluate-inputs";
import { openInputs } from "../../core/candidates/load";
import { interval95 } from "../../core/eval/uncertainty";
import { checkKnown, flagNumber, flagString, parseArgs } from "../args";
import type { CliIO, Command } from "../io";
import { noUsableExamples, reportLoadIssues } from "../load-for-cli";
import { ProgressBar } from "../progress";
import { budgetPass, reportBudget } from "../budget";
import { createRanker, parseRankCli, RANK_BOOLEANS, RANK_FLAGS, reportRankerIssues } from "../rank-options";
import { evalLine, openEvalResults, RESUME_FLAGS, resumeTarget, runKey } from "../resume";
import type { ResultsFile } from "../results-file";

function fmt(x: number | null, digits = 4): string {
  return x === null ? "n/a" : x.toFixed(digits);
}

const signed = (x: number) => (x >= 0 ? "+" : "") + x.toFixed(4);

/** "0.7370 ± 0.0138" and its 95 % interval, or just the value when there is no error. */
function withError(mean: number | null, se: number | null, show: (x: number) => string = (x) => x.toFixed(4)): string {
  if (mean === null || se === null) return mean === null ? "n/a" : show(mean);
  const ci = interval95(mean, se);
  return `${show(mean)} ± ${se.toFixed(4)} (95% CI ${show(ci[0])} to ${show(ci[1])})`;
}

function pairedLine(label: string, d: PairedDifference | null): string {
  return `  ${label.padEnd(19)}${d ? `${withError(d.difference, d.se, signed)} on ${d.pairs} pairs` : "n/a"}`;
}

function printSummary(s: EvalSummary, io: CliIO, baseline?: BaselineComparison): void {
  const lines = [
    `ranker               ${s.ranker}`,
    `examples             ${s.examples} (${s.candidatesPerExample.toFixed(2)} candidates each)`,
    `judge pairs          ${s.pairs} non-tie, ${s.ties} ties left out`,
    `pairwise accuracy    ${withError(s.pairwiseAccuracy, s.pairwiseAccuracySE)}`,
    `length-matched       ${withError(s.lengthMatched.pairwiseAccuracy, s.lengthMatched.se)} on ${s.lengthMatched.pairs} pairs (lengths within ${s.lengthMatched.ratio * 100}%)`,
    `spearman (mean)      ${fmt(s.spearman)}`,
    `top-1 judge rank     ${fmt(s.top1JudgeRank, 3)} (1 = the judge's favourite)`,
    `ranker calls         ${s.comparisons}`,
  ];
  if (baseline) {
    lines.push(`baseline             ${baseline.ranker}: pairwise accuracy ${fmt(baseline.pairwiseAccuracy)}; ${s.ranker} minus ${baseline.ranker} on the same pairs:`);
    lines.push(pairedLine("all pairs", baseline.pairwise), pairedLine("length-matched", baseline.lengthMatched));
  }
  lines.push("(± is the standard error, clustered by example: pairs of one prompt are not independent)");
  io.out(lines.join("\n") + "\n");
}

export const evalCommand: Command = async (argv, io) => {
  const p = parseArgs(argv, [...RANK_BOOLEANS, "resume"]);
  checkKnown(p, [...RANK_FLAGS, "tie-margin", "limit", "baseline", ...RESUME_FLAGS]);
  if (p.positional.length !== 1) throw new InputError("eval needs exactly one <dataset> (blend-set or MixInstruct JSON/JSONL with judgments or scores)");
  const cli = await parseRankCli(p, io);
  const tieMargin = flagNumber(p, "tie-margin", { min: 0 }) ?? 0.1;
  const limit = flagNumber(p, "limit", { min: 1, integer: true });
  const baselineName = flagString(p, "baseline");
  const open = () => openInputs(p.positional, { keepEmpty: true, maxFileBytes: cli.maxAnswerBytes });
  const rankers = baselineName ? [cli.rankerName, baselineName] : [cli.rankerName];
  // --out: one line per evaluated example; --resume reads them back into the summary and skips them.
  const target = resumeTarget(p);
  const key = runKey("eval", cli, { tieMargin, baseline: baselineName ?? null });
  const tally = new EvalTally(baselineName !== undefined);
  const results: ResultsFile | undefined = target ? await openEvalResults(target, key, baselineName !== undefined, (e) => tally.add(e), io) : undefined;
  const doneBefore = results?.done.skipper();
  const counted = await budgetPass(cli, open, { rankers, chatFuser: false, ranks: (ex) => isJudged(ex) && !doneBefore?.(ex.id), limit });
  if (counted && reportBudget(io, cli, counted.budget)) return reportLoadIssues(counted.load, io);
  const input = await open();
  const factory = new EngineFactory();
  const bar = new ProgressBar(io, "eval", cli.quiet);
  try {
    const ranker = await createRanker(factory, cli, bar);
    // The baseline gets the same options except the model (and remote server): it runs on its own default model.
    const base = baselineName ? await createRanker(factory, { ...cli, rankerName: baselineName, rankerOptions: { ...cli.rankerOptions, model: undefined, remote: undefined } }, bar) : undefined;
    bar.reset();
    const done = results?.done.skipper();
    const r = await evaluateInputs(input, ranker, cli.settings, {
      tieMargin,
      limit,
      baseline: base,
      signal: io.signal,
      tally,
      skip: done && ((ex) => done(ex.id)),
      onEvaluated: results ? (e) => results.write(evalLine(e, key)) : undefined,
      onExample: (n) => {
        const at = input.progress();
        bar.update(at.done, at.total, `${n} examples`, "bytes");
      },
    });
    bar.finish();
    if (r.load.examples === 0) throw noUsableExamples(p.positional, r.load);
    if (r.summary.examples === 0) throw new InputError(`no example has judge "judgments" or "scores" to evaluate against`, p.positional[0]);
    const resumed = results?.done.count ?? 0;
    if (cli.json) io.out(JSON.stringify({ ...r.summary, ...(r.baseline ? { baseline: r.baseline } : {}), ...(results ? { resumed } : {}), issues: r.load.issues, badRecords: r.load.badRecords }) + "\n");
    else printSummary(r.summary, io, r.baseline);
    if (results && !cli.quiet) io.err(`eval: ${results.count} examples evaluated now, ${resumed} from the earlier run; all in ${results.path}\n`);
    reportRankerIssues(ranker, io);
    if (base) reportRankerIssues(base, io);
    await ranker.dispose?.();
    await base?.dispose?.();
    return reportLoadIssues(r.load, io);
  } finally {
    bar.finish();
    results?.close();
    await factory.close();
  }
};
