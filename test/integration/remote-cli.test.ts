// The done-when of remote execution: `rank --remote … --json` gives the same matrix as the
// local run, for pairrm and reward, with the CLI's inference worker talking to a real
// Open Inference Protocol server (test/helpers/oip-server.ts) in this process.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, ROOT, runCli, type CliRun } from "../helpers/cli";
import { startOipServer, type OipTestServer } from "../helpers/oip-server";
import { SEA_EXAMPLE } from "../helpers/sea-example";

const skip = !existsSync(CLI) && "run npm run build first";
const tmp = mkdtempSync(join(tmpdir(), "remote-cli-"));
const input = join(tmp, "sea.jsonl");
let srv: OipTestServer;

/** The CLI in a child process without blocking this event loop (the server answers from it). */
function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

interface RankJson {
  items: { comparisons: number; matrix: (number | null)[][]; ranking: { model: string; rank: number; score: number }[] }[];
}

before(async () => {
  writeFileSync(input, JSON.stringify(SEA_EXAMPLE) + "\n");
  srv = await startOipServer({ models: { pairrm: "test/fixtures/tiny-pairrm/onnx/model.onnx", reward: "test/fixtures/tiny-reward/onnx/model.onnx" } });
});
after(async () => {
  await srv?.close();
  rmSync(tmp, { recursive: true, force: true });
});

for (const [ranker, fixture] of [
  ["pairrm", "test/fixtures/tiny-pairrm"],
  ["reward", "test/fixtures/tiny-reward"],
] as const) {
  test(`rank --ranker ${ranker} --remote … --remote-model ${ranker} --json: the same matrix and ranking as the local run`, { skip }, async () => {
    const local = runCli(["rank", input, "--ranker", ranker, "--model", fixture, "--threads", "1", "--json"]);
    assert.equal(local.status, 0, local.stderr);
    srv.reset();
    const remote = await runCliAsync(["rank", input, "--ranker", ranker, "--model", fixture, "--remote", srv.url, "--remote-model", ranker, "--json"]);
    assert.equal(remote.status, 0, remote.stderr);
    const a = (JSON.parse(local.stdout) as RankJson).items[0];
    const b = (JSON.parse(remote.stdout) as RankJson).items[0];
    assert.equal(b.comparisons, 20);
    assert.deepEqual(b.matrix, a.matrix);
    assert.deepEqual(b.ranking, a.ranking);
    assert.ok(srv.inferCount() >= 1, "the batches ran on the server");
    assert.deepEqual(srv.requests.slice(0, 2).map((q) => q.path), ["/v2/health/ready", `/v2/models/${ranker}`]);
  });
}

test("eval and blend take the same flags; the token comes from ANSWER_BLENDER_REMOTE_TOKEN or --remote-token-env", { skip }, async () => {
  const secured = await startOipServer({ models: { pairrm: "test/fixtures/tiny-pairrm/onnx/model.onnx" }, token: "tok-abcdef123456" });
  try {
    const judged = join(tmp, "judged.jsonl");
    writeFileSync(judged, JSON.stringify({ ...SEA_EXAMPLE, judgments: [{ a: "m1", b: "m2", winner: "a" }, { a: "m3", b: "m4", winner: "b" }] }) + "\n");
    const args = ["--ranker", "pairrm", "--model", "test/fixtures/tiny-pairrm", "--remote", secured.url, "--remote-model", "pairrm", "--json"];
    const localEval = runCli(["eval", judged, "--ranker", "pairrm", "--model", "test/fixtures/tiny-pairrm", "--threads", "1", "--json"]);
    assert.equal(localEval.status, 0, localEval.stderr);
    const ev = await runCliAsync(["eval", judged, ...args], { ANSWER_BLENDER_REMOTE_TOKEN: "tok-abcdef123456" });
    assert.equal(ev.status, 0, ev.stderr);
    assert.equal((JSON.parse(ev.stdout) as { pairwiseAccuracy: number }).pairwiseAccuracy, (JSON.parse(localEval.stdout) as { pairwiseAccuracy: number }).pairwiseAccuracy);

    const bl = await runCliAsync(["blend", input, ...args, "--fuser", "none", "--remote-token-env", "MY_TRITON_TOKEN", "--remote-concurrency", "2"], { MY_TRITON_TOKEN: "tok-abcdef123456" });
    assert.equal(bl.status, 0, bl.stderr);
    assert.ok(secured.requests.filter((q) => q.path.endsWith("/infer")).every((q) => q.authorization === "Bearer tok-abcdef123456"));

    const denied = await runCliAsync(["rank", input, ...args], { ANSWER_BLENDER_REMOTE_TOKEN: "" });
    assert.equal(denied.status, 1);
    assert.equal(denied.stdout, "");
    assert.match(denied.stderr, /^answer-blender: remote inference server http:\/\/127\.0\.0\.1:\d+: GET \/v2\/health\/ready: HTTP 401 .*not authorised, no token was sent .*ANSWER_BLENDER_REMOTE_TOKEN/m);
    assert.doesNotMatch(denied.stderr, /\n\s+at /, "no stack trace");
  } finally {
    await secured.close();
  }
});

test("bad --remote flags: exit 2, one line naming the flag", { skip }, () => {
  const cases: [string[], RegExp][] = [
    [["--ranker", "pairrm", "--remote", "http://127.0.0.1:1"], /--remote needs --remote-model NAME/],
    [["--ranker", "builtin", "--remote", "http://127.0.0.1:1", "--remote-model", "x"], /--remote runs the pairrm and reward rankers on an inference server; --ranker builtin does not use one/],
    [["--ranker", "pairrm", "--remote", "ftp://host", "--remote-model", "x"], /option --remote: "ftp:\/\/host" is not an http\(s\) URL/],
    [["--ranker", "pairrm", "--remote-model", "x"], /option --remote-model needs --remote URL/],
    [["--ranker", "pairrm", "--remote", "http://127.0.0.1:1", "--remote-model", "x", "--remote-concurrency", "0"], /option --remote-concurrency needs a whole number ≥ 1, got "0"/],
    [["--ranker", "pairrm", "--remote", "http://127.0.0.1:1", "--remote-model", "x", "--remote-token-env", "NOT_SET_ANYWHERE"], /option --remote-token-env: the environment variable NOT_SET_ANYWHERE is not set/],
  ];
  for (const [flags, re] of cases) {
    const r = runCli(["rank", input, "--model", "test/fixtures/tiny-pairrm", ...flags]);
    assert.equal(r.status, 2, `${flags.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});

test("a metadata mismatch through the CLI: exit 1, one line naming the mismatch, no stack trace", { skip }, async () => {
  srv.reset();
  srv.faults = { metadata: (m) => ({ ...m, inputs: m.inputs.map((t) => ({ ...t, datatype: "INT32" })) }) };
  const r = await runCliAsync(["rank", input, "--ranker", "pairrm", "--model", "test/fixtures/tiny-pairrm", "--remote", srv.url, "--remote-model", "pairrm"]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^answer-blender: remote inference server http:\/\/127\.0\.0\.1:\d+, model "pairrm" does not match what the pairrm engine needs: input input_ids is INT32, the engine sends INT64; input attention_mask is INT32, the engine sends INT64/m);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(srv.inferCount(), 0);
});
