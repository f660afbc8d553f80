// Pairs per second of the full pairrm pipeline (tokenize → lay out → sort/batch → run →
// matrix, via rankExample with the full plan) against raw session.run on the same
// pre-tokenized, pre-padded batches.
//   node --import tsx bench/pairrm-throughput/throughput.ts --model DIR [--dtype fp32|int8]
//        [--candidates 11] [--examples 2] [--threads 2] [--batch-size 8] [--min-words 20] [--step-words 12]
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import { createPairRmRanker } from "../../src/core/rank/engines/pairrm";
import { padBatch, planBatches } from "../../src/core/rank/batching";
import { rankExample, DEFAULT_RANK_SETTINGS } from "../../src/core/rank/rank-example";
import { sourceText } from "../../src/core/types";
import { benchExample } from "./texts";

const { values } = parseArgs({
  options: {
    model: { type: "string" },
    dtype: { type: "string", default: "fp32" },
    candidates: { type: "string", default: "11" },
    examples: { type: "string", default: "2" },
    threads: { type: "string", default: "2" },
    "batch-size": { type: "string", default: "8" },
    "min-words": { type: "string", default: "20" },
    "step-words": { type: "string", default: "12" },
  },
});
if (!values.model) throw new Error("--model DIR is required");
const n = Number(values.candidates);
const examples = Number(values.examples);
const batchSize = Number(values["batch-size"]);

async function main(): Promise<void> {
  const ranker = await createPairRmRanker({ model: values.model, dtype: values.dtype as "fp32" | "int8", threads: Number(values.threads), batchSize });
  const exs = Array.from({ length: 2 * examples + 1 }, (_, k) => benchExample(k, n, Number(values["min-words"]), Number(values["step-words"])));
  const pairsOf = (ex: (typeof exs)[number]) =>
    ex.candidates.flatMap((a, i) => ex.candidates.flatMap((b, j) => (i === j ? [] : [{ source: sourceText(ex), a: a.text, b: b.text }])));
  await ranker.scorePairs(pairsOf(exs[0]).slice(0, batchSize)); // warm-up

  // Wall time and process CPU time (all threads): on a shared machine the CPU figure is the
  // steadier one, since wall time also counts waiting for a core.
  let rawTime = 0, rawCpu = 0, rawPairs = 0, pipeTime = 0, pipeCpu = 0, pipePairs = 0, tokens = 0, padded = 0;
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (let k = 1; k <= examples; k++) {
    // Raw: the same pairs, tokenized and padded before the clock starts.
    const seqs = ranker.encodePairs(pairsOf(exs[k]));
    const batches = planBatches(seqs.map((s) => s.length), batchSize).map((p) => padBatch(p.indices.map((i) => seqs[i]), ranker.layout.padId));
    let t = performance.now();
    let c = cpu();
    for (const b of batches) await ranker.runPadded(b.inputIds, b.attentionMask, b.dims);
    rawTime += performance.now() - t;
    rawCpu += cpu() - c;
    rawPairs += seqs.length;
    tokens += seqs.reduce((s, x) => s + x.length, 0);
    padded += batches.reduce((s, b) => s + b.dims[0] * b.dims[1], 0);
    // Pipeline: a fresh example (new texts, so tokenization is timed too), full matrix.
    const ex = exs[examples + k];
    t = performance.now();
    c = cpu();
    const r = await rankExample(ex, ranker, { ...DEFAULT_RANK_SETTINGS, plan: "full" });
    pipeTime += performance.now() - t;
    pipeCpu += cpu() - c;
    pipePairs += r.comparisons;
  }
  const raw = (rawPairs * 1000) / rawTime;
  const pipe = (pipePairs * 1000) / pipeTime;
  const row = {
    model: values.model,
    dtype: values.dtype,
    threads: Number(values.threads),
    batchSize,
    pairs: pipePairs,
    meanTokensPerPair: Math.round(tokens / rawPairs),
    paddingOverhead: +(padded / tokens - 1).toFixed(3),
    rawPairsPerSec: +raw.toFixed(2),
    pipelinePairsPerSec: +pipe.toFixed(2),
    pipelineOverRaw: +(pipe / raw).toFixed(3),
    rawPairsPerCpuSec: +((rawPairs * 1000) / rawCpu).toFixed(2),
    pipelinePairsPerCpuSec: +((pipePairs * 1000) / pipeCpu).toFixed(2),
    pipelineOverRawCpu: +(rawCpu / rawPairs / (pipeCpu / pipePairs)).toFixed(3),
    loadAverage: +loadavg()[0].toFixed(1),
  };
  console.log(JSON.stringify(row));
  await ranker.dispose();
}

void main();
