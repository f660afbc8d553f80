// The ranking flags shared by rank, blend and eval, and turning them into engines.
import { JUDGE_MODES, type EngineOptions, type JudgeMode } from "../core/engine-options";
import { defaultAggregate } from "../core/registry";
import { MAX_JUDGE_ORDERS } from "../core/rank/engines/listwise/options";
import type { Ranker } from "../core/types";
import type { EngineFactory } from "../core/engines";
import { parseAggregator } from "../core/rank/aggregators";
import { parsePlan } from "../core/rank/plans";
import type { RankSettings } from "../core/rank/rank-example";
import { InputError } from "../core/errors";
import { DEFAULT_MAX_ANSWER_BYTES } from "../core/limits";
import { flagNumber, flagString, type ParsedArgs } from "./args";
import { parseRemoteCli, REMOTE_FLAGS } from "./remote-options";
import type { CliIO } from "./io";
import type { ProgressBar } from "./progress";

export const RANK_FLAGS = ["ranker", "model", "plan", "aggregate", "seed", "top-k", "threads", "dtype", "batch-size", "endpoints", "judge-endpoint", "judge-mode", "judge-orders", "cache-dir", "offline", "json", "quiet", "verbose", "dry-run", "max-answer-bytes", ...REMOTE_FLAGS] as const;
export const RANK_BOOLEANS = ["json", "quiet", "offline", "verbose", "dry-run"] as const;
export const DEFAULT_RANKER = "builtin";

export interface RankCli {
  rankerName: string;
  rankerOptions: EngineOptions;
  settings: RankSettings;
  json: boolean;
  quiet: boolean;
  /** Print the request budget and stop before any engine is built. */
  dryRun: boolean;
  /** Engine log lines (retries, unreadable judge verdicts) on stderr: --verbose or ANSWER_BLENDER_DEBUG=1. */
  log?: (line: string) => void;
  /** The answer size limit for answer files (--max-answer-bytes). */
  maxAnswerBytes: number;
}

/** --max-answer-bytes N: the one size limit for answers, from files and from endpoints (default 2 MiB). */
export function maxAnswerBytes(p: ParsedArgs): number {
  return flagNumber(p, "max-answer-bytes", { min: 1, integer: true }) ?? DEFAULT_MAX_ANSWER_BYTES;
}

async function endpointsFrom(p: ParsedArgs, io: CliIO): Promise<EngineOptions["endpoints"]> {
  const file = flagString(p, "endpoints");
  if (!file) return undefined;
  const { loadEndpointsFile } = await import("../core/endpoints/config");
  return loadEndpointsFile(file, io.env);
}

export async function parseRankCli(p: ParsedArgs, io: CliIO): Promise<RankCli> {
  const dtype = flagString(p, "dtype");
  if (dtype !== undefined && dtype !== "fp32" && dtype !== "int8") throw new InputError(`option --dtype must be fp32 or int8, got "${dtype}"`);
  const rankerName = flagString(p, "ranker") ?? DEFAULT_RANKER;
  const endpoints = await endpointsFrom(p, io);
  const judge = flagString(p, "judge-endpoint");
  if (rankerName === "judge" && (!endpoints || !judge)) throw new InputError("--ranker judge needs --endpoints FILE and --judge-endpoint ID");
  if (rankerName === "council" && !endpoints) throw new InputError("--ranker council needs --endpoints FILE (the answering models judge each other's answers)");
  const judgeMode = flagString(p, "judge-mode");
  if (judgeMode !== undefined && !(JUDGE_MODES as readonly string[]).includes(judgeMode))
    throw new InputError(`option --judge-mode must be ${JUDGE_MODES.join(" or ")}, got "${judgeMode}"`);
  if (judgeMode !== undefined && rankerName !== "judge") throw new InputError("--judge-mode applies to --ranker judge");
  const judgeOrders = flagNumber(p, "judge-orders", { min: 1, integer: true });
  if (judgeOrders !== undefined && judgeOrders > MAX_JUDGE_ORDERS) throw new InputError(`option --judge-orders must be at most ${MAX_JUDGE_ORDERS}, got ${judgeOrders}`);
  if (judgeOrders !== undefined && !(rankerName === "council" || (rankerName === "judge" && judgeMode === "listwise")))
    throw new InputError("--judge-orders applies to --judge-mode listwise and --ranker council");
  const rankerOptions: EngineOptions = {
    model: flagString(p, "model"),
    dtype: dtype as EngineOptions["dtype"],
    threads: flagNumber(p, "threads", { min: 0, integer: true }),
    batchSize: flagNumber(p, "batch-size", { min: 1, integer: true }),
    seed: flagNumber(p, "seed", { integer: true }) ?? 0,
    cacheDir: flagString(p, "cache-dir") ?? io.env.ANSWER_BLENDER_CACHE,
    allowDownload: !p.flags.has("offline"),
    endpoints,
    endpoint: judge,
    ...(judgeMode ? { judgeMode: judgeMode as JudgeMode } : {}),
    ...(judgeOrders !== undefined ? { judgeOrders } : {}),
    remote: parseRemoteCli(p, io, rankerName),
  };
  const settings: RankSettings = {
    plan: parsePlan(flagString(p, "plan") ?? "full"),
    aggregate: parseAggregator(flagString(p, "aggregate") ?? defaultAggregate(rankerName)),
    seed: rankerOptions.seed ?? 0,
    topK: flagNumber(p, "top-k", { min: 1, integer: true }) ?? 3,
  };
  const verbose = p.flags.has("verbose") || Boolean(io.env.ANSWER_BLENDER_DEBUG);
  return {
    rankerName,
    rankerOptions,
    settings,
    json: p.flags.has("json"),
    quiet: p.flags.has("quiet"),
    dryRun: p.flags.has("dry-run"),
    log: verbose ? (l) => io.err(l + "\n") : undefined,
    maxAnswerBytes: maxAnswerBytes(p),
  };
}

export async function createRanker(factory: EngineFactory, cli: RankCli, bar: ProgressBar): Promise<Ranker> {
  return factory.ranker(cli.rankerName, cli.rankerOptions, { onProgress: (e) => bar.event(e), log: cli.log });
}

/** Problems an engine met but worked around (e.g. unreadable judge verdicts counted as ties), on stderr. */
export function reportRankerIssues(ranker: Ranker, io: CliIO): void {
  const issues = ranker.issues ?? [];
  if (!issues.length) return;
  io.err(`${ranker.name}: ${issues.length} problem${issues.length === 1 ? "" : "s"} worked around:\n`);
  for (const i of issues.slice(0, 20)) io.err(`  ${i.where}: ${i.message}\n`);
  if (issues.length > 20) io.err(`  … and ${issues.length - 20} more\n`);
}
