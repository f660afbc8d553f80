// Time and peak memory of `eval` and `rank --json` with the length ranker over 10k / 100k / 1M
// generated records (bench/scale/generate.ts; cached in bench/out/scale/). Prints a Markdown
// table; never asserts. The figure to watch is time per record (flat within 2× from 10k to 1M)
// and peak RSS (flat once the bounded pair cache is full).
// The machine is shared: each figure is the best of --repeat runs (default 3).
// Run: npm run build && node --import tsx bench/scale/run.ts [--sizes 10000,100000,1000000] [--commands eval,rank,eval-out,rank-out] [--repeat 3]
// (eval-out / rank-out: the same with --out FILE, one JSON line per record written as it is done)
import { spawn } from "node:child_process";
import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { generate } from "./generate";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "dist", "cli.js");
const PRELOAD = join(__dirname, "peak-rss.cjs");

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

interface Run {
  seconds: number;
  peakMb: number;
  status: number | null;
}

function measureOnce(args: string[]): Promise<Run> {
  rmSync(OUT, { force: true });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--require", PRELOAD, CLI, ...args], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on("error", reject);
    child.on("close", (status) => {
      const seconds = (performance.now() - started) / 1000;
      const m = /peak-rss-kb (\d+)/.exec(stderr);
      if (status !== 0) process.stderr.write(`${args.join(" ")} exited ${status}:\n${stderr}\n`);
      resolve({ seconds, peakMb: m ? Number(m[1]) / 1024 : NaN, status });
    });
  });
}

/** Best of `repeat` runs: the least wall time, and the peak memory of that run. */
async function measure(args: string[]): Promise<Run> {
  const repeat = Number(arg("repeat", "3"));
  let best: Run | undefined;
  for (let k = 0; k < repeat; k++) {
    const r = await measureOnce(args);
    if (!best || r.seconds < best.seconds) best = r;
  }
  return best as Run;
}

async function dataset(records: number): Promise<string> {
  const file = join(ROOT, "bench", "out", "scale", `${records}.jsonl`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${records} records…\n`);
    await generate(records, file);
  }
  return file;
}

/** Where the --out variants write (removed before each run: an existing file is not overwritten). */
const OUT = join(ROOT, "bench", "out", "scale", "run-out.jsonl");

const COMMANDS: Record<string, (file: string) => string[]> = {
  eval: (file) => ["eval", file, "--ranker", "length", "--json", "--quiet"],
  rank: (file) => ["rank", file, "--ranker", "length", "--json", "--quiet"],
  "eval-out": (file) => ["eval", file, "--ranker", "length", "--json", "--quiet", "--out", OUT],
  "rank-out": (file) => ["rank", file, "--ranker", "length", "--quiet", "--out", OUT],
};

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error("dist/cli.js missing: run npm run build");
  const sizes = arg("sizes", "10000,100000,1000000").split(",").map(Number);
  const commands = arg("commands", "eval,rank").split(",");
  const rows: string[] = [];
  // Start-up (node, CLI, engine) measured on 10 records and taken off the per-record figure.
  const tiny = await dataset(10);
  for (const cmd of commands) {
    const start = await measure(COMMANDS[cmd](tiny));
    for (const n of sizes) {
      const file = await dataset(n);
      const r = await measure(COMMANDS[cmd](file));
      const perRecord = ((r.seconds - start.seconds) / n) * 1e6;
      const mb = statSync(file).size / 1e6;
      rows.push(`| \`${cmd}\` | ${n.toLocaleString("en-US")} | ${mb.toFixed(0)} MB | ${r.seconds.toFixed(1)} s | ${perRecord.toFixed(0)} µs | ${r.peakMb.toFixed(0)} MB |${r.status === 0 ? "" : ` exit ${r.status}`}`);
      process.stderr.write(rows[rows.length - 1] + "\n");
    }
    rows.push(`| \`${cmd}\` start-up (10 records) | | | ${start.seconds.toFixed(2)} s | | ${start.peakMb.toFixed(0)} MB |`);
  }
  process.stdout.write(["| command | records | input | wall time | per record (start-up taken off) | peak RSS |", "|---|---:|---:|---:|---:|---:|", ...rows].join("\n") + "\n");
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
