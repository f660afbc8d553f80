// Getting a reward model: `models pull` and VS Code's "Download a Ranking Model…" against a
// local server in the hub's layout, "Use a Local Model Folder…", and ranking with the result.
import "../helpers/install-fake-vscode";
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "../helpers/fake-vscode";
import { FakeHub } from "../helpers/hub-server";
import { CLI, ROOT } from "../helpers/cli";
import { RANKING_MODELS, type CatalogModel } from "../../src/core/models/catalog";
import { RankingModelCommands, RANKING_MODEL_COMMANDS } from "../../src/vscode/ranking-model-commands";
import { Reporter } from "../../src/vscode/log";
import { readSettings, SETTINGS_SECTION } from "../../src/vscode/settings";
import { enginePlan } from "../../src/vscode/engine-plan";
import { BlendEngines } from "../../src/vscode/blend-engines";
import { activate, deactivate } from "../../src/vscode/extension";

const FIXTURE = join(ROOT, "test/fixtures/tiny-reward");
const ID = "test-org/tiny-reward";
interface RefItem { prompt: string; answer: string; score: number }
const reference = JSON.parse(readFileSync(join(FIXTURE, "reference.json"), "utf8")) as { items: RefItem[] };
const SEA = reference.items.filter((i) => i.prompt === "Write a short poem about the sea.");
const tmp = mkdtempSync(join(tmpdir(), "reward-hub-"));
let hub: FakeHub;

const TEST_MODEL: CatalogModel = {
  key: "tiny-reward",
  name: "Tiny reward (test)",
  engine: "reward",
  source: "test/fixtures/tiny-reward",
  license: "MIT",
  params: "0.2M",
  sizes: { fp32: 650_000, int8: 350_000 },
  rewardBench: { v1: 50, source: "none" },
  onnxRepo: ID,
  exportCommand: "/usr/bin/python3 test/fixtures/tiny-reward/build.py",
};
const NO_REPO: CatalogModel = { ...TEST_MODEL, key: "needs-export", name: "Needs export (test)", onnxRepo: undefined, exportCommand: "python3 models/reward/export.py --model x/y --out z --int8" };

before(async () => {
  hub = await FakeHub.start({ [ID]: FIXTURE });
  process.env.ANSWER_BLENDER_HUB_URL = hub.base;
});
after(async () => {
  await hub.close();
  delete process.env.ANSWER_BLENDER_HUB_URL;
  rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => vscode.resetFake());

let n = 0;
function commands(catalog: CatalogModel[] = [TEST_MODEL, NO_REPO]): { cmds: RankingModelCommands; storage: string } {
  const storage = join(tmp, `storage-${++n}`);
  const reporter = new Reporter(vscode.window.createOutputChannel("Answer Blender") as never);
  return { cmds: new RankingModelCommands({ globalStorageUri: vscode.Uri.file(storage) as never, reporter, catalog }), storage };
}
const pick = (label: string) => (items: readonly unknown[]) => (items as Array<{ label: string }>).find((i) => i.label === label);
const global = (k: string) => vscode.settings.global.get(k);

test("Download a Ranking Model…: size, license and source shown, downloaded with progress into global storage, the ranker switched to it, and it ranks", async () => {
  const { cmds, storage } = commands();
  vscode.ui.quickPicks.push(pick(TEST_MODEL.name));
  vscode.ui.messageAnswers.push("Download");
  hub.requests = [];
  const dir = await cmds.download();
  const expected = join(storage, "models", "test-org", "tiny-reward");
  assert.equal(dir, expected);
  // Shown before the download: the pick item, then the confirmation.
  const item = (vscode.ui.quickPickItems[0] as Array<{ label: string; description: string; detail: string }>).find((i) => i.label === TEST_MODEL.name);
  assert.ok(item);
  assert.equal(item.description, "reward model (ranker) · 0.2M · 650 KB (int8 350 KB)");
  assert.match(item.detail, /License: MIT · Source: test\/fixtures\/tiny-reward · RewardBench v1 50 · ONNX download: test-org\/tiny-reward/);
  const confirm = vscode.ui.messages.find((m) => m.items.includes("Download"));
  assert.ok(confirm && confirm.text.includes(`${hub.base}/${ID}`) && confirm.text.includes("license MIT"));
  // What was fetched: the manifest, then the files the fp32 engine loads (not the int8 graph).
  for (const f of ["manifest.json", "tokenizer.json", "tokenizer_config.json", "config.json", "onnx/model.onnx"]) assert.ok(existsSync(join(expected, f)), f);
  assert.ok(!existsSync(join(expected, "onnx/model_quantized.onnx")));
  assert.deepEqual(readFileSync(join(expected, "onnx/model.onnx")), readFileSync(join(FIXTURE, "onnx/model.onnx")));
  assert.ok(vscode.ui.progressTitles.includes(`Downloading ${TEST_MODEL.name}`));
  const total = vscode.ui.progressReports.reduce((s, r) => s + (r.increment ?? 0), 0);
  assert.ok(vscode.ui.progressReports.length > 1 && Math.abs(total - 100) < 1e-6, `progress increments add up to ${total}`);
  assert.equal(global("ranker"), "reward");
  assert.equal(global("reward.model"), expected);
  assert.ok(vscode.ui.messages.some((m) => m.text === `Ranker set to reward: ${TEST_MODEL.name}`));

  // The settings as the extension reads them rank with the downloaded model (in the inference worker).
  const settings = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
  const engines = new BlendEngines();
  try {
    const example = { id: "sea", instruction: SEA[0].prompt, input: "", candidates: SEA.map((it, k) => ({ model: `m${k + 1}`, text: it.answer })) };
    const plan = enginePlan({ ...settings, fuser: "none" }, []);
    assert.equal(plan.ranker.options.model, expected);
    const result = await engines.blend(example, plan);
    const byScore = SEA.map((it, k) => ({ m: `m${k + 1}`, s: it.score })).sort((a, b) => b.s - a.s).map((x) => x.m);
    assert.deepEqual(result.rank.ranking.map((r) => r.model), byScore);
    assert.equal(result.rank.ranker, "reward");
  } finally {
    await engines.close();
  }

  // Again: already there, nothing but the manifest is fetched.
  vscode.ui.quickPicks.push(pick(TEST_MODEL.name));
  vscode.ui.messageAnswers.push("Download");
  hub.requests = [];
  assert.equal(await cmds.download(), expected);
  assert.deepEqual(hub.requests.map((r) => r.path), ["manifest.json"]);
});

test("cancelling the download: no setting changes, the status bar says it can be resumed", async () => {
  const { cmds, storage } = commands();
  vscode.ui.quickPicks.push(pick(TEST_MODEL.name));
  vscode.ui.messageAnswers.push("Download");
  vscode.ui.cancelNextProgress = true;
  hub.delayMs = 200;
  try {
    assert.equal(await cmds.download(), undefined);
  } finally {
    hub.delayMs = 0;
  }
  assert.equal(global("ranker"), undefined);
  assert.equal(global("reward.model"), undefined);
  assert.ok(!existsSync(join(storage, "models", "test-org", "tiny-reward", "onnx", "model.onnx")));
  assert.ok(vscode.ui.statusMessages.some((m) => /Download cancelled; running it again resumes it/.test(m)));
});

test("declining the confirmation downloads nothing", async () => {
  const { cmds } = commands();
  vscode.ui.quickPicks.push(pick(TEST_MODEL.name));
  vscode.ui.messageAnswers.push(undefined);
  hub.requests = [];
  assert.equal(await cmds.download(), undefined);
  assert.deepEqual(hub.requests, []);
});

test("a model with no ready ONNX repository: the export command is shown and can be copied, nothing is downloaded", async () => {
  const { cmds } = commands();
  vscode.ui.quickPicks.push(pick(NO_REPO.name));
  vscode.ui.messageAnswers.push("Copy Export Command");
  hub.requests = [];
  assert.equal(await cmds.download(), undefined);
  const shown = vscode.ui.messages.find((m) => m.items.includes("Copy Export Command"));
  assert.ok(shown && shown.text.includes(NO_REPO.exportCommand));
  assert.equal(vscode.registry.clipboard, NO_REPO.exportCommand);
  assert.deepEqual(hub.requests, []);
  assert.equal(global("ranker"), undefined);
});

test("the recommended list: every reward model and PairRM with size, license, source and RewardBench; each without a ready repo has an export command", async () => {
  const { cmds } = commands([...RANKING_MODELS]);
  vscode.ui.quickPicks.push(() => undefined);
  await cmds.download();
  const items = vscode.ui.quickPickItems[0] as Array<{ label: string; description: string; detail: string }>;
  assert.deepEqual(items.map((i) => i.label), RANKING_MODELS.map((m) => m.name));
  const qwen = items.find((i) => i.label === "Skywork-Reward-V2-Qwen3-0.6B");
  assert.ok(qwen);
  assert.match(qwen.description, /reward model \(ranker\) · 0\.6B · 2\.4 GB \(int8 1\.1 GB\)/);
  assert.match(qwen.detail, /License: Apache-2\.0 · Source: Skywork\/Skywork-Reward-V2-Qwen3-0\.6B · RewardBench v1 85\.2, v2 61\.3/);
  for (const m of RANKING_MODELS) if (!m.onnxRepo) assert.match(m.exportCommand, /export\.py|optimum-cli/);
});

test("Use a Local Model Folder…: the engine comes from the folder; the setting points at it", async () => {
  const { cmds } = commands();
  vscode.ui.openDialogs.push([vscode.Uri.file(FIXTURE)]);
  assert.equal(await cmds.useLocalFolder(), FIXTURE);
  assert.equal(global("ranker"), "reward");
  assert.equal(global("reward.model"), FIXTURE);
  const pairrm = join(ROOT, "test/fixtures/tiny-pairrm");
  vscode.ui.openDialogs.push([vscode.Uri.file(pairrm)]);
  await cmds.useLocalFolder();
  assert.equal(global("ranker"), "pairrm");
  assert.equal(global("pairrm.model"), pairrm);
  const genfuser = join(ROOT, "test/fixtures/tiny-genfuser");
  vscode.ui.openDialogs.push([vscode.Uri.file(genfuser)]);
  await cmds.useLocalFolder();
  assert.equal(global("fuser"), "genfuser");
  assert.equal(global("genfuser.model"), genfuser);
  assert.equal(global("ranker"), "pairrm", "a fuser does not change the ranker");
});

test("Use a Local Model Folder… on a folder without an exported model: one clear error, settings untouched", async () => {
  const ctx = vscode.fakeContext(ROOT, undefined, join(tmp, "activated"));
  activate(ctx as never);
  try {
    const bare = join(tmp, "not-exported");
    mkdirSync(bare, { recursive: true });
    writeFileSync(join(bare, "config.json"), JSON.stringify({ architectures: ["Qwen3ForSequenceClassification"] }));
    vscode.ui.openDialogs.push([vscode.Uri.file(bare)]);
    await vscode.commands.executeCommand(RANKING_MODEL_COMMANDS.useLocal);
    const err = vscode.ui.messages.find((m) => m.level === "error");
    assert.ok(err && /has no ONNX graph .*export the model first/.test(err.text), err?.text);
    assert.equal(global("ranker"), undefined);
    assert.ok(vscode.registry.commands.has(RANKING_MODEL_COMMANDS.download), "activate registers Download a Ranking Model…");
  } finally {
    ctx.subscriptions.forEach((d) => d.dispose());
    await deactivate();
  }
});

function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, ANSWER_BLENDER_HUB_URL: hub.base }, cwd: ROOT }, (err, stdout, stderr) =>
      resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test("CLI: models pull of an exported reward repository, then rank --ranker reward --model HUB_ID offline", { skip: !existsSync(CLI) && "run npm run build first" }, async () => {
  const cacheDir = join(tmp, "cli-cache");
  const pull = await cli(["models", "pull", ID, "--cache-dir", cacheDir, "--dtype", "int8"]);
  assert.equal(pull.status, 0, pull.stderr);
  assert.equal(pull.stdout.trim(), join(cacheDir, "test-org/tiny-reward"));
  assert.ok(existsSync(join(cacheDir, "test-org/tiny-reward/onnx/model_quantized.onnx")));
  assert.ok(!existsSync(join(cacheDir, "test-org/tiny-reward/onnx/model.onnx")));
  const input = join(tmp, "sea.jsonl");
  writeFileSync(input, JSON.stringify({ id: "sea", instruction: SEA[0].prompt, input: "", candidates: SEA.slice(0, 3).map((it, k) => ({ model: `m${k}`, text: it.answer })) }) + "\n");
  const rank = await cli(["rank", input, "--ranker", "reward", "--model", ID, "--cache-dir", cacheDir, "--dtype", "int8", "--offline", "--json"]);
  assert.equal(rank.status, 0, rank.stderr);
  assert.equal((JSON.parse(rank.stdout) as { items: { comparisons: number }[] }).items[0].comparisons, 6);
});
