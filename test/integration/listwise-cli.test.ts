// `rank|blend|eval --ranker judge --judge-mode listwise` and `--ranker council` through the built
// CLI (npm test builds dist/ first), against the real local test server.
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { CLI, ROOT } from "../helpers/cli";
import { tempTree } from "../helpers/tmp";
import { startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";

let srv: OpenAiTestServer;

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ANSWER_BLENDER_DEBUG: "" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

// The judge's order, best first: neither the record's order nor the length order.
const TEXT: Record<string, string> = {
  alpha: "Paris is the capital of France.",
  beta: "Paris.",
  gamma: "The capital of France is Paris, on the Seine; it has been the capital for centuries.",
  delta: "Lyon, I believe.",
};
const ORDER = ["beta", "alpha", "gamma", "delta"];
const record = (ids = Object.keys(TEXT)) =>
  JSON.stringify({ id: "capital", instruction: "What is the capital of France?", input: "", candidates: ids.map((id) => ({ model: id, text: TEXT[id], meta: { endpoint: id } })), scores: { beta: 9, alpha: 7, gamma: 5, delta: 1 } });

interface RankItem {
  ranking: Array<{ model: string; rank: number }>;
  matrix: (number | null)[][];
  comparisons: number;
  mode: string;
  aggregate: string;
  ballots?: { orders: number; counted: number; judges: Array<{ judge: string; agreement: number | null }> };
}

let files: ReturnType<typeof tempTree>;
before(async () => {
  assert.ok(existsSync(CLI), "dist/cli.js missing: run npm run build");
  srv = await startOpenAiServer({
    judgeOrder: ORDER.map((id) => TEXT[id]),
    answers: Object.fromEntries(Object.keys(TEXT).map((id) => [`council-${id}`, TEXT[id]])),
  });
  const endpoints = [
    { id: "J", baseUrl: srv.url, model: "judge-list", roles: ["judge"] },
    ...Object.keys(TEXT).map((id) => ({ id, baseUrl: srv.url, model: `council-${id}` })),
  ];
  files = tempTree({ "rec.jsonl": record() + "\n", "E.json": JSON.stringify(endpoints) });
});
after(async () => {
  files.cleanup();
  await srv.close();
});
beforeEach(() => srv.reset());

const listwise = (...extra: string[]) => ["rank", files.path("rec.jsonl"), "--ranker", "judge", "--judge-mode", "listwise", "--endpoints", files.path("E.json"), "--judge-endpoint", "J", ...extra];

test("rank --ranker judge --judge-mode listwise --json: exactly k = 2 requests, the server's ranking, the mode in the JSON", async () => {
  const r = await run(listwise("--json"));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(srv.requests.length, 2);
  assert.ok(srv.requests.every((q) => q.model === "judge-list"));
  const item = (JSON.parse(r.stdout) as { items: RankItem[] }).items[0];
  assert.deepEqual(item.ranking.map((x) => x.model), ORDER);
  assert.equal(item.mode, "listwise");
  assert.equal(item.comparisons, 2);
  assert.equal(item.ballots?.orders, 2);
  assert.equal(item.ballots?.counted, 2);
  assert.ok(item.matrix.every((row, i) => row.every((v, j) => (i === j ? v === null : typeof v === "number"))));
  assert.match(r.stderr, /requests: 2 judge calls \(\+ up to 2 repairs\)/);
});

test("--judge-orders 3: three requests; the text output says the mode and the ballots", async () => {
  const r = await run(listwise("--judge-orders", "3"));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(srv.requests.length, 3);
  assert.match(r.stdout, /ranker judge · listwise, 3 orders · aggregate max-logits · 3 requests/);
  assert.match(r.stdout, /ballots: 3 counted/);
});

test("--dry-run prints the budget and asks nothing (JSON with --json)", async () => {
  const text = await run(listwise("--dry-run"));
  assert.equal(text.status, 0, text.stderr);
  assert.equal(text.stdout.trim(), "requests: 2 judge calls (+ up to 2 repairs)");
  const json = await run([...listwise("--dry-run", "--json", "--judge-orders", "4")]);
  assert.deepEqual(JSON.parse(json.stdout), { budget: { answers: 0, judge: 4, judgeRepairs: 4, fusion: 0, total: 4, examples: [{ id: "capital", answers: 0, judge: 4, judgeRepairs: 4, fusion: 0 }] } });
  const pairwise = await run(["rank", files.path("rec.jsonl"), "--ranker", "judge", "--endpoints", files.path("E.json"), "--judge-endpoint", "J", "--plan", "knockout", "--dry-run"]);
  assert.equal(pairwise.stdout.trim(), "requests: 6 judge calls");
  const blend = await run(["blend", files.path("rec.jsonl"), "--ranker", "council", "--endpoints", files.path("E.json"), "--fuser", "llm", "--fuser-endpoint", "alpha", "--dry-run"]);
  assert.equal(blend.stdout.trim(), "requests: 4 judge calls (+ up to 4 repairs) + 1 fusion");
  const collect = await run(["collect", "--prompt", "Capital of France?", "--endpoints", files.path("E.json"), "--dry-run"]);
  assert.equal(collect.stdout.trim(), "requests: 4 answers", "the judge-only endpoint is not asked");
  assert.equal(srv.requests.length, 0);
});

test("rank --ranker council: every model ranks the others' answers, pooled with Bradley–Terry", async () => {
  const r = await run(["rank", files.path("rec.jsonl"), "--ranker", "council", "--endpoints", files.path("E.json"), "--json"]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(srv.requests.map((q) => q.model).sort(), ["council-alpha", "council-beta", "council-delta", "council-gamma"]);
  const item = (JSON.parse(r.stdout) as { items: RankItem[] }).items[0];
  assert.deepEqual(item.ranking.map((x) => x.model), ORDER);
  assert.equal(item.mode, "council");
  assert.equal(item.aggregate, "bradley-terry");
  assert.deepEqual(item.ballots?.judges.map((j) => j.agreement), [1, 1, 1, 1]);
  const text = await run(["rank", files.path("rec.jsonl"), "--ranker", "council", "--endpoints", files.path("E.json")]);
  assert.match(text.stdout, /ranker council · 1 order per judge · aggregate bradley-terry · 4 requests/);
  assert.match(text.stdout, /judges' agreement with the pooled ranking \(Kendall τ\): alpha 1\.00 · beta 1\.00 · gamma 1\.00 · delta 1\.00\n/);
});

test("eval and blend take the listwise judge unchanged", async () => {
  const ev = await run(["eval", files.path("rec.jsonl"), "--ranker", "judge", "--judge-mode", "listwise", "--endpoints", files.path("E.json"), "--judge-endpoint", "J", "--json"]);
  assert.equal(ev.status, 0, ev.stderr);
  const s = JSON.parse(ev.stdout) as { pairwiseAccuracy: number; comparisons: number; top1JudgeRank: number };
  assert.deepEqual([s.pairwiseAccuracy, s.comparisons, s.top1JudgeRank], [1, 2, 1]);
  const bl = await run(["blend", files.path("rec.jsonl"), "--ranker", "judge", "--judge-mode", "listwise", "--endpoints", files.path("E.json"), "--judge-endpoint", "J", "--fuser", "none", "--json"]);
  assert.equal(bl.status, 0, bl.stderr);
  assert.equal((JSON.parse(bl.stdout) as { items: Array<{ top: { model: string } }> }).items[0].top.model, "beta");
});

test("bad options are input errors (exit 2) naming the option", async () => {
  const cases: Array<[string[], RegExp]> = [
    [listwise("--judge-orders", "5"), /--judge-orders must be at most 4, got 5/],
    [["rank", files.path("rec.jsonl"), "--judge-mode", "listwise"], /--judge-mode applies to --ranker judge/],
    [listwise().map((a) => (a === "listwise" ? "sideways" : a)), /--judge-mode must be pairwise or listwise, got "sideways"/],
    [["rank", files.path("rec.jsonl"), "--ranker", "judge", "--endpoints", files.path("E.json"), "--judge-endpoint", "J", "--judge-orders", "2"], /--judge-orders applies to --judge-mode listwise and --ranker council/],
    [["rank", files.path("rec.jsonl"), "--ranker", "council"], /--ranker council needs --endpoints FILE/],
  ];
  for (const [args, message] of cases) {
    const r = await run(args);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.equal(srv.requests.length, 0);
});
