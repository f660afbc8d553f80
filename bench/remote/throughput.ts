// Pairs per second of the pairrm ranker, local (onnxruntime-node in this process) against
// remote (each padded batch POSTed to the loopback Open Inference Protocol server of
// test/helpers/oip-server.ts, a separate process running the same ONNX file) at several
// --remote-concurrency values. Full plan via rankExample on fresh examples, so tokenization
// and JSON are timed. Also the CPU seconds of client and server, and the request size.
//   node --import tsx bench/remote/throughput.ts [--model bench/models/pairrm-base] [--dtype fp32|int8]
//        [--threads 2] [--candidates 5] [--examples 2] [--batch-size 8] [--concurrency 1,2,4]
import { parseArgs } from "node:util";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { createPairRmRanker, type PairRmRanker } from "../../src/core/rank/engines/pairrm";
import { padBatch, planBatches } from "../../src/core/rank/batching";
import { rankExample, DEFAULT_RANK_SETTINGS } from "../../src/core/rank/rank-example";
import { inferRequestBody } from "../../src/core/remote/oip-tensors";
import { onnxFileFor, readManifest } from "../../src/core/models/manifest";
import { sourceText } from "../../src/core/types";
import { benchExample } from "../pairrm-throughput/texts";

const { values } = parseArgs({
  options: {
    model: { type: "string", default: "bench/models/pairrm-base" },
    dtype: { type: "string", default: "fp32" },
    threads: { type: "string", default: "2" },
    candidates: { type: "string", default: "5" },
    examples: { type: "string", default: "2" },
    "batch-size": { type: "string", default: "8" },
    concurrency: { type: "string", default: "1,2,4" },
    "min-words": { type: "string", default: "20" },
    "step-words": { type: "string", default: "12" },
  },
});
const ROOT = join(__dirname, "..", "..");
const model = values.model!;
const dtype = values.dtype as "fp32" | "int8";
const threads = Number(values.threads);
const batchSize = Number(values["batch-size"]);
const n = Number(values.candidates);
const examples = Array.from({ length: Number(values.examples) }, (_, k) => benchExample(100 + k, n, Number(values["min-words"]), Number(values["step-words"])));

/** user + system CPU ms of a process, from /proc (Linux). */
function procCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
}

function startServer(onnxPath: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "test/helpers/oip-server.ts"), "--model", `pairrm=${onnxPath}`, "--threads", String(threads)], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on("exit", (code) => reject(new Error(`oip server exited with ${code}`)));
  });
}

async function measure(label: string, ranker: PairRmRanker, serverPid?: number) {
  await ranker.scorePairs([{ source: "warm up", a: "one answer", b: "another answer" }]); // warm-up
  let pairs = 0;
  const cpu0 = process.cpuUsage();
  const srv0 = serverPid ? procCpuMs(serverPid) : 0;
  const t0 = performance.now();
  for (const ex of examples) pairs += (await rankExample(ex, ranker, { ...DEFAULT_RANK_SETTINGS, plan: "full" })).comparisons;
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const clientCpu = (cpu.user + cpu.system) / 1000;
  const serverCpu = serverPid ? procCpuMs(serverPid) - srv0 : 0;
  const row = {
    run: label,
    pairs,
    wallS: +(wall / 1000).toFixed(2),
    pairsPerSec: +((pairs * 1000) / wall).toFixed(2),
    clientCpuS: +(clientCpu / 1000).toFixed(2),
    serverCpuS: +(serverCpu / 1000).toFixed(2),
    pairsPerCpuSec: +((pairs * 1000) / (clientCpu + serverCpu)).toFixed(2),
    loadAverage: +loadavg()[0].toFixed(1),
  };
  console.log(JSON.stringify(row));
  await ranker.dispose();
}

async function main(): Promise<void> {
  const onnxPath = join(model, onnxFileFor(readManifest(model) ?? null, dtype));
  // The size of one request on the wire, for the arithmetic in docs/remote.md.
  const probe = await createPairRmRanker({ model, dtype, threads: 1, batchSize });
  const ex = examples[0];
  const seqs = probe.encodePairs(ex.candidates.flatMap((a, i) => ex.candidates.flatMap((b, j) => (i === j ? [] : [{ source: sourceText(ex), a: a.text, b: b.text }]))));
  const plans = planBatches(seqs.map((s) => s.length), batchSize);
  const bodies = plans.map((p) => inferRequestBody(padBatch(p.indices.map((i) => seqs[i]), probe.layout.padId), ["input_ids", "attention_mask"], "logits"));
  const meanTokens = seqs.reduce((s, x) => s + x.length, 0) / seqs.length;
  console.log(JSON.stringify({ model, dtype, threads, batchSize, candidates: n, examples: examples.length, meanTokensPerPair: Math.round(meanTokens), requestBytesPerBatch: Math.round(bodies.reduce((s, b) => s + b.length, 0) / bodies.length) }));
  await probe.dispose();

  const { child, url } = await startServer(onnxPath);
  try {
    await measure("local", await createPairRmRanker({ model, dtype, threads, batchSize }));
    for (const c of values.concurrency!.split(",").map(Number))
      await measure(`remote c=${c}`, await createPairRmRanker({ model, dtype, batchSize, remote: { url, model: "pairrm", concurrency: c, timeoutMs: 600_000 } }), child.pid);
    await measure("local (again)", await createPairRmRanker({ model, dtype, threads, batchSize }));
  } finally {
    child.kill("SIGTERM");
  }
}

void main();
