// The main thread's longest event-loop delay while an 11-candidate full matrix (110 ordered
// pairs) runs through the inference worker, as the extension host would run it.
//   npm run build && node --import tsx bench/pairrm-throughput/event-loop.ts --model DIR [--dtype fp32|int8] [--threads 2]
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { spawn } from "node:child_process";
import { EngineFactory } from "../../src/core/engines";
import { rankExample, DEFAULT_RANK_SETTINGS } from "../../src/core/rank/rank-example";
import { benchExample } from "./texts";

const { values } = parseArgs({
  options: {
    model: { type: "string" },
    dtype: { type: "string", default: "fp32" },
    threads: { type: "string", default: "2" },
    candidates: { type: "string", default: "11" },
    "min-words": { type: "string", default: "20" },
    "step-words": { type: "string", default: "12" },
  },
});
if (!values.model) throw new Error("--model DIR is required");

/** Longest gap between 5 ms ticks beyond the 5 ms itself: what a UI would feel. */
function tickMonitor(): { stop: () => number } {
  let last = performance.now();
  let worst = 0;
  const t = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  return { stop: () => (clearInterval(t), worst) };
}

/**
 * The same 5 ms tick monitor in a separate, idle Node process: on a shared machine it shows
 * the stalls the OS inflicts on any process, which our main thread cannot do better than.
 */
function controlProcess(): { stop: () => Promise<number> } {
  const code = `let last=performance.now(),worst=0;setInterval(()=>{const n=performance.now();worst=Math.max(worst,n-last-5);last=n},5);process.stdin.on("end",()=>{process.stdout.write(String(worst));process.exit(0)});process.stdin.resume();`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  return {
    stop: () =>
      new Promise<number>((resolve) => {
        child.on("exit", () => resolve(Number(out)));
        child.stdin.end();
      }),
  };
}

async function phase<T>(f: () => Promise<T>): Promise<{ value: T; maxMs: number; p99Ms: number; controlMaxMs: number; ms: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  const control = controlProcess();
  await new Promise((r) => setTimeout(r, 300)); // let the control process start
  h.enable();
  const ticks = tickMonitor();
  const t = performance.now();
  const value = await f();
  const ms = performance.now() - t;
  const maxMs = ticks.stop();
  h.disable();
  const controlMaxMs = await control.stop();
  return { value, maxMs: +maxMs.toFixed(1), p99Ms: +Math.max(0, h.percentile(99) / 1e6 - 5).toFixed(1), controlMaxMs: +controlMaxMs.toFixed(1), ms: Math.round(ms) };
}

async function main(): Promise<void> {
  // The same monitors on an idle main thread first: the delay the machine itself causes.
  const idle = await phase(() => new Promise<void>((r) => setTimeout(r, 10_000)));
  const factory = new EngineFactory();
  try {
    const load = await phase(() => factory.ranker("pairrm", { model: values.model, dtype: values.dtype as "fp32" | "int8", threads: Number(values.threads) }));
    const ex = benchExample(7, Number(values.candidates), Number(values["min-words"]), Number(values["step-words"]));
    const rank = await phase(() => rankExample(ex, load.value, { ...DEFAULT_RANK_SETTINGS, plan: "full" }));
    console.log(
      JSON.stringify({
        model: values.model,
        dtype: values.dtype,
        threads: Number(values.threads),
        pairs: rank.value.comparisons,
        idleMaxDelayMs: idle.maxMs,
        idleControlMaxDelayMs: idle.controlMaxMs,
        loadMs: load.ms,
        loadMaxDelayMs: load.maxMs,
        rankMs: rank.ms,
        rankMaxDelayMs: rank.maxMs,
        rankP99DelayMs: rank.p99Ms,
        rankControlMaxDelayMs: rank.controlMaxMs,
        loadAverage: +loadavg()[0].toFixed(1),
      }),
    );
  } finally {
    await factory.close();
  }
}

void main();
