// The extension's side of listwise judging and the council: settings → engine plan → the
// window's BlendEngines, against the real local test server (no VS Code UI involved).
import "../helpers/install-fake-vscode";
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "../helpers/fake-vscode";
import { readSettings, SETTINGS_SECTION } from "../../src/vscode/settings";
import { enginePlan, needsEndpoints } from "../../src/vscode/engine-plan";
import { BlendEngines } from "../../src/vscode/blend-engines";
import { EngineFactory } from "../../src/core/engines";
import type { BlendExample } from "../../src/core/types";
import { shownAnswers, startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";
import { chatModel, forwardTo } from "../helpers/lm-models";
import { LmChatModel } from "../../src/vscode/lm-chat-model";

const root = join(__dirname, "..", "..");
const config = () => vscode.workspace.getConfiguration(SETTINGS_SECTION);
const TEXT: Record<string, string> = { a: "Answer a.", b: "Answer b, the best.", c: "Answer c, worst." };
const ORDER = ["b", "a", "c"];
let srv: OpenAiTestServer;
const endpoints = () => Object.keys(TEXT).map((id) => ({ id, baseUrl: srv.url, model: `council-${id}` }));
const example: BlendExample = {
  id: "vs-council",
  instruction: "Which answer?",
  input: "",
  candidates: Object.keys(TEXT).map((id) => ({ model: id, text: TEXT[id], meta: { endpoint: id } })),
};

before(async () => {
  srv = await startOpenAiServer({ judgeOrder: ORDER.map((id) => TEXT[id]), answers: Object.fromEntries(Object.keys(TEXT).map((id) => [`council-${id}`, TEXT[id]])) });
});
after(() => srv.close());
beforeEach(() => {
  vscode.resetFake();
  srv.reset();
});

test("settings: judgeMode and judgeOrders reach the judge ranker; defaults and bad values fall back", () => {
  const d = readSettings(config());
  assert.deepEqual([d.judgeMode, d.judgeOrders, d.aggregateChosen], ["pairwise", 0, false]);
  vscode.settings.global.set("ranker", "judge");
  vscode.settings.global.set("judgeEndpoint", "a");
  assert.deepEqual(Object.keys(enginePlan(readSettings(config()), endpoints()).ranker.options).filter((k) => k.startsWith("judge")), []);
  vscode.settings.global.set("judgeMode", "listwise");
  vscode.settings.global.set("judgeOrders", 3);
  const plan = enginePlan(readSettings(config()), endpoints());
  assert.equal(plan.ranker.options.judgeMode, "listwise");
  assert.equal(plan.ranker.options.judgeOrders, 3);
  assert.equal(plan.ranker.options.endpoint, "a");
  vscode.settings.global.set("judgeMode", "sideways");
  vscode.settings.global.set("judgeOrders", 9);
  const bad = readSettings(config());
  assert.deepEqual([bad.judgeMode, bad.judgeOrders], ["pairwise", 0]);
});

test("council: needs the endpoints, pools with Bradley–Terry unless the user chose an aggregator", () => {
  vscode.settings.global.set("ranker", "council");
  const s = readSettings(config());
  assert.equal(needsEndpoints(s), true);
  const plan = enginePlan(s, endpoints());
  assert.equal(plan.ranker.name, "council");
  assert.deepEqual(plan.ranker.options.endpoints, endpoints());
  assert.equal(plan.blend.aggregate, "bradley-terry");
  vscode.settings.workspace.set("aggregate", "max-logits");
  assert.equal(enginePlan(readSettings(config()), endpoints()).blend.aggregate, "max-logits");
  assert.equal(enginePlan(s, endpoints(), { aggregate: "copeland" }).blend.aggregate, "copeland");
  vscode.settings.global.set("judgeOrders", 2);
  assert.equal(enginePlan(readSettings(config()), endpoints()).ranker.options.judgeOrders, 2);
});

test("a blend in the window's engines with the council: the models rank each other; a re-rank asks nothing", async () => {
  vscode.settings.global.set("ranker", "council");
  vscode.settings.global.set("fuser", "none");
  const engines = new BlendEngines(new EngineFactory(true));
  try {
    const plan = enginePlan(readSettings(config()), endpoints());
    const r = await engines.blend(example, plan);
    assert.equal(srv.requests.length, 3);
    assert.deepEqual(r.rank.ranking.map((x) => x.model), ORDER);
    assert.equal(r.rank.mode, "council");
    assert.deepEqual(r.rank.ballots?.judges.map((j) => j.judge), ["a", "b", "c"]);
    const again = await engines.rerank(r, enginePlan(readSettings(config()), endpoints(), { aggregate: "max-wins" }));
    assert.equal(srv.requests.length, 3);
    assert.equal(again.rank.aggregate, "max-wins");
    assert.equal(again.rank.cacheHits, 3);
  } finally {
    await engines.close();
  }
});

test("a council of VS Code chat models (as Ask Models' answerers): each ranks the others' answers through vscode.lm, never its own", async () => {
  vscode.settings.global.set("ranker", "council");
  vscode.settings.global.set("fuser", "none");
  // Chat models of another extension, each answering through the test server's listwise judge.
  const models = new Map(Object.keys(TEXT).map((id) => [`test/${id}`, new LmChatModel(chatModel(id, forwardTo(srv.url, `council-${id}`)) as never)]));
  const engines = new BlendEngines(new EngineFactory(true), (id) => models.get(id));
  const fromModels: BlendExample = { ...example, candidates: example.candidates.map((c) => ({ ...c, model: `test/${c.model}`, meta: { endpoint: `test/${c.model}` } })) };
  try {
    const r = await engines.blend(fromModels, enginePlan(readSettings(config()), [], {}, (id) => models.has(id)));
    assert.equal(srv.requests.length, 3, "one ballot per member");
    assert.deepEqual(r.rank.ranking.map((x) => x.model), ORDER.map((id) => `test/${id}`));
    assert.equal(r.rank.mode, "council");
    assert.deepEqual(r.rank.ballots?.judges.map((j) => j.judge), ["test/a", "test/b", "test/c"]);
    for (const id of Object.keys(TEXT)) {
      const shown = shownAnswers(srv.requests.find((q) => q.model === `council-${id}`)!.prompt).map((a) => a.text);
      assert.deepEqual(shown.sort(), Object.keys(TEXT).filter((o) => o !== id).map((o) => TEXT[o]).sort(), `${id} sees the other two answers only`);
    }
  } finally {
    await engines.close();
  }
});

test("package.json: the council ranker and the judge settings, every description localised", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const props = pkg.contributes.configuration.properties;
  const ranker = props["answerBlender.ranker"];
  assert.ok(ranker.enum.includes("council"));
  assert.equal(ranker.enum.length, ranker.enumDescriptions.length);
  assert.deepEqual(props["answerBlender.judgeMode"].enum, ["pairwise", "listwise"]);
  assert.deepEqual([props["answerBlender.judgeOrders"].minimum, props["answerBlender.judgeOrders"].maximum], [0, 4]);
  assert.ok(props["answerBlender.endpoints"].items.properties.maxInputTokens);
  for (const lang of ["", ".de", ".fr"]) {
    const nls = JSON.parse(readFileSync(join(root, `package.nls${lang}.json`), "utf8"));
    for (const key of ["config.ranker.council", "config.judgeMode", "config.judgeMode.listwise", "config.judgeOrders", "config.endpoints.maxInputTokens"]) assert.ok(nls[key], `${lang || "en"}: ${key}`);
  }
});
