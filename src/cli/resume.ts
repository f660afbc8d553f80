// rank/eval `--out FILE [--resume]`: what identifies a run (so that a resumed run only continues
// one made with the same options), and reading an earlier eval's lines back into its summary.
import type { SavedEval } from "../core/eval/evaluate-inputs";
import type { ExampleEval } from "../core/eval/metrics";
import { InputError } from "../core/errors";
import { flagString, type ParsedArgs } from "./args";
import type { CliIO } from "./io";
import type { RankCli } from "./rank-options";
import { ResultsFile, type ResultLine } from "./results-file";

export const RESUME_FLAGS = ["out", "resume"] as const;

/** The options that decide a record's result; each line carries them as `run`. */
export type RunKey = Record<string, string | number | null>;

export function runKey(command: "rank" | "eval", cli: RankCli, extra: RunKey = {}): RunKey {
  return {
    command,
    ranker: cli.rankerName,
    model: cli.rankerOptions.model ?? null,
    plan: cli.settings.plan,
    aggregate: cli.settings.aggregate,
    seed: cli.settings.seed,
    topK: cli.settings.topK,
    ...extra,
  };
}

function checkRun(l: ResultLine, key: RunKey): void {
  const run = l.value.run;
  if (typeof run !== "object" || run === null) l.fail("run", "is missing: this line was not written by rank/eval --out");
  const earlier = run as Record<string, unknown>;
  for (const [k, v] of Object.entries(key)) {
    const was = earlier[k] ?? null;
    if (was !== v) l.fail(`run.${k}`, `the earlier run used ${JSON.stringify(was)}, this one ${JSON.stringify(v)}: resume with the same options, or choose another --out`);
  }
}

function recordId(l: ResultLine): string {
  const id = l.value.id;
  if (typeof id !== "string" || !id) l.fail("id", "is missing or not a string");
  return id as string;
}

export interface ResumeTarget {
  out: string;
  resume: boolean;
  /** --dry-run: read the earlier records (the budget skips them), change nothing. */
  readOnly: boolean;
}

/** --out and --resume of rank/eval; undefined without --out. */
export function resumeTarget(p: ParsedArgs): ResumeTarget | undefined {
  const out = flagString(p, "out");
  const resume = p.flags.has("resume");
  if (resume && !out) throw new InputError("--resume needs --out FILE (the file of the run to continue)");
  return out ? { out, resume, readOnly: p.flags.has("dry-run") } : undefined;
}

function openResults(target: ResumeTarget, io: CliIO, read: (l: ResultLine) => string): Promise<ResultsFile> {
  return ResultsFile.open(target.out, {
    resume: target.resume,
    readOnly: target.readOnly,
    onDroppedLine: (line) => io.err(`${target.out}:${line}: the last line was cut off (the run stopped while writing it); that record runs again\n`),
    read,
  });
}

/** rank's results file: each line is one ranked record (its --json item plus `run`). */
export function openRankResults(target: ResumeTarget, key: RunKey, io: CliIO): Promise<ResultsFile> {
  return openResults(target, io, (l) => {
    checkRun(l, key);
    return recordId(l);
  });
}

const NUMBERS = ["pairs", "correct", "ties", "lengthMatchedPairs", "lengthMatchedCorrect"] as const;

function readExampleEval(l: ResultLine, field: string): ExampleEval {
  const v = l.value[field] as Record<string, unknown> | undefined;
  if (typeof v !== "object" || v === null) return l.fail(field, "is missing");
  for (const k of NUMBERS) if (typeof v[k] !== "number") l.fail(`${field}.${k}`, "is not a number");
  for (const k of ["spearman", "top1JudgeRank"]) if (v[k] !== null && typeof v[k] !== "number") l.fail(`${field}.${k}`, "is not a number or null");
  if (!Array.isArray(v.credits) || !v.credits.every((c) => typeof c === "number")) l.fail(`${field}.credits`, "is not a list of numbers");
  if (!Array.isArray(v.pairIsLengthMatched) || !v.pairIsLengthMatched.every((c) => typeof c === "boolean")) l.fail(`${field}.pairIsLengthMatched`, "is not a list of true/false");
  return v as unknown as ExampleEval;
}

/** eval's results file: one line per evaluated example; resuming adds each earlier line to `add`. */
export function openEvalResults(target: ResumeTarget, key: RunKey, withBaseline: boolean, add: (e: SavedEval) => void, io: CliIO): Promise<ResultsFile> {
  return openResults(target, io, (l) => {
    checkRun(l, key);
    const id = recordId(l);
    const { candidates, comparisons } = l.value;
    if (typeof candidates !== "number") l.fail("candidates", "is not a number");
    if (typeof comparisons !== "number") l.fail("comparisons", "is not a number");
    const saved: SavedEval = { id, candidates: candidates as number, comparisons: comparisons as number, eval: readExampleEval(l, "eval") };
    if (withBaseline) saved.baseline = readExampleEval(l, "baseline");
    add(saved);
    return id;
  });
}

/** One line of eval's results file. */
export function evalLine(e: SavedEval, key: RunKey): Record<string, unknown> {
  return { id: e.id, run: key, candidates: e.candidates, comparisons: e.comparisons, eval: e.eval, ...(e.baseline ? { baseline: e.baseline } : {}) };
}
