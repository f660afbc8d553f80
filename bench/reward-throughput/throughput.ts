// The reward ranker on a model of Qwen3-0.6B's shape against the pairrm ranker on its
// BERT-base-shaped benchmark model, in one run, on the same texts:
//   * reward: forward passes per second, and the wall time of ranking 11 answers (full plan:
//     110 comparisons answered from 11 passes, one per answer);
//   * pairrm: the wall time of the same 11-answer full matrix (110 passes, one per ordered pair).
// Each ranking is a fresh example (new texts: tokenization is timed, nothing is cached).
//   node --import tsx bench/reward-throughput/throughput.ts [--model bench/models/reward-qwen3-0.6b]
//        [--pairrm-model bench/models/pairrm-base] [--dtypes fp32,int8] [--threads 2] [--candidates 11]
//        [--batch-size 8] [--min-words 20] [--step-words 12] [--no-pairrm]
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import { createRewardRanker } from "../../src/core/rank/engines/reward";
import { createPairRmRanker } from "../../src/core/rank/engines/pairrm";
import { rankExample, DEFAULT_RANK_SETTINGS } from "../../src/core/rank/rank-example";
import { sourceText, type BlendExample, type PairwiseRanker } from "../../src/core/types";
import { benchExample } from "../pairrm-throughput/texts";

const { values } = parseArgs({
  options: {
    model: { type: "string", default: "bench/models/reward-qwen3-0.6b" },
    "pairrm-model": { type: "string", default: "bench/models/pairrm-base" },
    dtypes: { type: "string", default: "fp32,int8" },
    threads: { type: "string", default: "2" },
    candidates: { type: "string", default: "11" },
    "batch-size": { type: "string", default: "8" },
    "min-words": { type: "string", default: "20" },
    "step-words": { type: "string", default: "12" },
    "no-pairrm": { type: "boolean", default: false },
  },
});
const n = Number(values.candidates);
const threads = Number(values.threads);
const batchSize = Number(values["batch-size"]);
let nextExample = 0;
const example = (): BlendExample => benchExample(nextExample++, n, Number(values["min-words"]), Number(values["step-words"]));

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** One full-plan ranking of a fresh example: wall and CPU milliseconds. */
async function timedRanking(ranker: PairwiseRanker): Promise<{ ms: number; cpuMs: number; comparisons: number }> {
  const ex = example();
  const t = performance.now();
  const c = cpu();
  const r = await rankExample(ex, ranker, { ...DEFAULT_RANK_SETTINGS, plan: "full" });
  return { ms: performance.now() - t, cpuMs: cpu() - c, comparisons: r.comparisons };
}

async function rewardRow(dtype: "fp32" | "int8"): Promise<Record<string, unknown>> {
  const loadStart = performance.now();
  const r = await createRewardRanker({ model: values.model, dtype, threads, batchSize });
  const loadMs = performance.now() - loadStart;
  await r.scoreAnswers([{ prompt: "warm-up", answer: "warm-up" }]);
  // Passes per second: every answer of a fresh example, scored once.
  const ex = example();
  const items = ex.candidates.map((c) => ({ prompt: sourceText(ex), answer: c.text }));
  const tokens = items.map((it) => r.encode(it.prompt, it.answer).ids.length);
  const before = r.passes;
  const t = performance.now();
  const c = cpu();
  await r.scoreAnswers(items);
  const passMs = performance.now() - t;
  const passCpu = cpu() - c;
  const passes = r.passes - before;
  const ranking = await timedRanking(r);
  await r.dispose();
  return {
    engine: "reward",
    model: values.model,
    dtype,
    threads,
    batchSize,
    loadSec: +(loadMs / 1000).toFixed(1),
    meanTokensPerPass: Math.round(tokens.reduce((s, x) => s + x, 0) / tokens.length),
    passes,
    passesPerSec: +((passes * 1000) / passMs).toFixed(2),
    passesPerCpuSec: +((passes * 1000) / passCpu).toFixed(2),
    [`rank${n}Sec`]: +(ranking.ms / 1000).toFixed(1),
    comparisons: ranking.comparisons,
    loadAverage: +loadavg()[0].toFixed(1),
  };
}

async function pairrmRow(dtype: "fp32" | "int8"): Promise<Record<string, unknown>> {
  const r = await createPairRmRanker({ model: values["pairrm-model"], dtype, threads, batchSize });
  await r.scorePairs([{ source: "warm-up", a: "a", b: "b" }]);
  const ex = example();
  const pairTokens = r.encodePairs([{ source: sourceText(ex), a: ex.candidates[0].text, b: ex.candidates[n - 1].text }])[0].length;
  const ranking = await timedRanking(r);
  await r.dispose();
  return {
    engine: "pairrm",
    model: values["pairrm-model"],
    dtype,
    threads,
    batchSize,
    tokensFirstLastPair: pairTokens,
    passes: ranking.comparisons,
    passesPerSec: +((ranking.comparisons * 1000) / ranking.ms).toFixed(2),
    passesPerCpuSec: +((ranking.comparisons * 1000) / ranking.cpuMs).toFixed(2),
    [`rank${n}Sec`]: +(ranking.ms / 1000).toFixed(1),
    comparisons: ranking.comparisons,
    loadAverage: +loadavg()[0].toFixed(1),
  };
}

async function main(): Promise<void> {
  const dtypes = (values.dtypes ?? "fp32,int8").split(",").map((s) => s.trim()) as ("fp32" | "int8")[];
  for (const d of dtypes) console.log(JSON.stringify(await rewardRow(d)));
  if (!values["no-pairrm"]) for (const d of dtypes) console.log(JSON.stringify(await pairrmRow(d)));
}

void main();
