import "../helpers/install-fake-vscode";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "../helpers/fake-vscode";
import { readSettings, SETTINGS_SECTION } from "../../src/vscode/settings";
import { enginePlan, needsEndpoints } from "../../src/vscode/engine-plan";
import { apiKeySecretName, withApiKeys } from "../../src/vscode/api-keys";

const root = join(__dirname, "..", "..");
const config = () => vscode.workspace.getConfiguration(SETTINGS_SECTION);
const userEndpoint = { id: "local", baseUrl: "http://127.0.0.1:11434/v1", model: "llama3" };

beforeEach(() => vscode.resetFake());

test("defaults: ranker auto (builtin without a judge model), full plan, max-logits, extractive fuser, top 3, no endpoints", () => {
  const s = readSettings(config());
  assert.deepEqual(
    { ranker: s.ranker, plan: s.plan, aggregate: s.aggregate, fuser: s.fuser, topK: s.topK, threads: s.threads, endpoints: s.endpoints, samples: s.samplesPerModel, planExplicit: s.planExplicit },
    { ranker: "auto", plan: "full", aggregate: "max-logits", fuser: "extractive", topK: 3, threads: 0, endpoints: [], samples: 1, planExplicit: false },
  );
  assert.equal(s.endpointsError, undefined);
  const plan = enginePlan(s, []);
  assert.equal(plan.ranker.name, "builtin");
  assert.deepEqual(plan.rankerChoice, { setting: "auto", used: "builtin", fallback: "no-judge" });
  assert.equal(needsEndpoints(s), false);
});

test("ranker auto: the judge model when it is reachable (with the cheap knockout plan unless a plan was set), else builtin", () => {
  vscode.settings.global.set("judgeModel", "copilot/gpt-4o");
  const s = readSettings(config());
  assert.equal(s.judgeModel, "copilot/gpt-4o");
  const reachable = (id: string) => id === "copilot/gpt-4o";
  const judged = enginePlan(s, [], {}, reachable);
  assert.deepEqual([judged.ranker.name, judged.ranker.options.endpoint, judged.blend.plan], ["judge", "copilot/gpt-4o", "knockout"]);
  assert.deepEqual(judged.rankerChoice, { setting: "auto", used: "judge", judge: "copilot/gpt-4o" });
  assert.equal(needsEndpoints(s), true);
  const gone = enginePlan(s, [], {}, () => false);
  assert.deepEqual([gone.ranker.name, gone.blend.plan], ["builtin", "full"]);
  assert.deepEqual(gone.rankerChoice, { setting: "auto", used: "builtin", judge: "copilot/gpt-4o", fallback: "unavailable" });

  vscode.settings.workspace.set("plan", "full");
  const explicit = readSettings(config());
  assert.equal(explicit.planExplicit, true);
  assert.equal(enginePlan(explicit, [], {}, reachable).blend.plan, "full", "a plan the user chose is kept");
  assert.equal(enginePlan(explicit, [], { plan: "bubble" }, reachable).blend.plan, "bubble");
});

test("judgeModel / fuserModel: user settings only, falling back to the older judgeEndpoint / fuserEndpoint", () => {
  vscode.settings.global.set("judgeEndpoint", "old-judge");
  vscode.settings.global.set("fuserEndpoint", "old-fuser");
  vscode.settings.workspace.set("judgeModel", "evil/model");
  let s = readSettings(config());
  assert.deepEqual([s.judgeModel, s.fuserModel], ["old-judge", "old-fuser"]);
  vscode.settings.global.set("judgeModel", "copilot/claude");
  vscode.settings.global.set("fuserModel", "copilot/gpt-4o");
  s = readSettings(config());
  assert.deepEqual([s.judgeModel, s.fuserModel], ["copilot/claude", "copilot/gpt-4o"]);
  vscode.settings.global.set("fuser", "llm");
  assert.equal(enginePlan(readSettings(config()), []).fuser.options.endpoint, "copilot/gpt-4o");
});

test("a workspace value of endpoints (and judge/fuser endpoint) is ignored: only the user's global value counts", () => {
  vscode.settings.global.set("endpoints", [userEndpoint]);
  vscode.settings.workspace.set("endpoints", [{ id: "evil", baseUrl: "https://attacker.example/v1", model: "x" }]);
  vscode.settings.workspace.set("judgeEndpoint", "evil");
  vscode.settings.global.set("judgeEndpoint", "local");
  const s = readSettings(config());
  assert.deepEqual(s.endpoints, [userEndpoint]);
  assert.equal(s.judgeEndpoint, "local");

  vscode.settings.global.clear();
  const onlyWorkspace = readSettings(config());
  assert.deepEqual(onlyWorkspace.endpoints, []);
  assert.equal(onlyWorkspace.judgeEndpoint, "");
});

test("an invalid endpoints setting is reported with index and field, not thrown", () => {
  vscode.settings.global.set("endpoints", [userEndpoint, { id: "b", baseUrl: "ftp://x", model: "m" }]);
  const s = readSettings(config());
  assert.deepEqual(s.endpoints, []);
  assert.match(s.endpointsError ?? "", /answerBlender\.endpoints.*\[1\]\.baseUrl/);
});

test("bad enum values fall back to the defaults; unknown engine names pass through to the registry", () => {
  vscode.settings.global.set("plan", "sideways");
  vscode.settings.global.set("aggregate", "bradley-terry");
  vscode.settings.global.set("topK", -2);
  vscode.settings.global.set("ranker", "length");
  const s = readSettings(config());
  assert.equal(s.plan, "full");
  assert.equal(s.aggregate, "bradley-terry");
  assert.equal(s.topK, 3);
  assert.equal(s.ranker, "length");
});

test("settings → engine names and options", () => {
  vscode.settings.global.set("ranker", "pairrm");
  vscode.settings.global.set("pairrm.model", "/models/pairrm");
  vscode.settings.global.set("genfuser.model", "llm-blender/gen_fuser_3b");
  vscode.settings.global.set("fuser", "genfuser");
  vscode.settings.global.set("threads", 2);
  vscode.settings.global.set("modelCacheDir", "/cache");
  vscode.settings.global.set("plan", "knockout");
  vscode.settings.global.set("topK", 2);
  const s = readSettings(config());
  const plan = enginePlan(s, []);
  assert.deepEqual(plan.ranker, { name: "pairrm", options: { allowDownload: true, seed: 0, threads: 2, cacheDir: "/cache", model: "/models/pairrm" } });
  assert.deepEqual(plan.fuser, { name: "genfuser", options: { allowDownload: true, seed: 0, threads: 2, cacheDir: "/cache", model: "llm-blender/gen_fuser_3b" } });
  assert.deepEqual(plan.blend, { plan: "knockout", aggregate: "max-logits", seed: 0, topK: 2, fuseTopK: 2 });
  assert.equal(needsEndpoints(s), false);

  const rerank = enginePlan(s, [], { plan: "bubble", aggregate: "copeland", ranker: "length" });
  assert.equal(rerank.ranker.name, "length");
  assert.equal(rerank.ranker.options.model, undefined, "the pairrm model is not passed to another ranker");
  assert.deepEqual([rerank.blend.plan, rerank.blend.aggregate], ["bubble", "copeland"]);
});

test("judge ranker and llm fuser get the endpoints (with keys) and their endpoint ids; others get none", () => {
  vscode.settings.global.set("endpoints", [userEndpoint]);
  vscode.settings.global.set("ranker", "judge");
  vscode.settings.global.set("judgeEndpoint", "local");
  vscode.settings.global.set("fuser", "llm");
  vscode.settings.global.set("fuserEndpoint", "local");
  const s = readSettings(config());
  assert.equal(needsEndpoints(s), true);
  const keyed = [{ ...userEndpoint, apiKey: "sk-1" }];
  const plan = enginePlan(s, keyed);
  assert.deepEqual(plan.ranker.options.endpoints, keyed);
  assert.equal(plan.ranker.options.endpoint, "local");
  assert.deepEqual(plan.fuser.options.endpoints, keyed);
  assert.equal(plan.fuser.options.endpoint, "local");
  const lengthPlan = enginePlan({ ...s, ranker: "length", fuser: "none" }, keyed);
  assert.equal(lengthPlan.ranker.options.endpoints, undefined);
  assert.equal(lengthPlan.fuser.options.endpoints, undefined);
});

test("API keys: the stored secret first, else the named environment variable", async () => {
  const secrets = new vscode.FakeSecrets();
  await secrets.store(apiKeySecretName("a"), "sk-secret");
  const eps = [
    { id: "a", baseUrl: "http://x/v1", model: "m", apiKeyEnv: "AB_KEY" },
    { id: "b", baseUrl: "http://x/v1", model: "m", apiKeyEnv: "AB_KEY" },
    { id: "c", baseUrl: "http://x/v1", model: "m" },
  ];
  const out = await withApiKeys(eps, secrets, { AB_KEY: "sk-env" });
  assert.deepEqual(out.map((e) => e.apiKey), ["sk-secret", "sk-env", undefined]);
  assert.equal(apiKeySecretName("a"), "answerBlender.apiKey.a");
});

test("package.json: lazy activation, fixed command ids, scopes and restricted settings, every %key% localised", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const nls = JSON.parse(readFileSync(join(root, "package.nls.json"), "utf8"));
  assert.ok(!pkg.activationEvents.includes("*"));
  assert.ok(pkg.activationEvents.includes("onWebviewPanel:answerBlender.results"));
  const ids = pkg.contributes.commands.map((c: { command: string }) => c.command);
  for (const id of ["blend", "blendFiles", "askEndpoints", "askModels", "chooseJudgeModel", "chooseFuserModel", "sendPrompt", "insertFused", "setApiKey", "exportBlend", "trySample", "showLog", "showResults", "cancelBlend"]) assert.ok(ids.includes(`answerBlender.${id}`), id);
  const props = pkg.contributes.configuration.properties;
  assert.equal(props["answerBlender.endpoints"].scope, "application");
  for (const k of ["pairrm.model", "genfuser.model", "modelCacheDir"]) assert.equal(props[`answerBlender.${k}`].scope, "machine", k);
  assert.equal(props["answerBlender.ranker"].default, "auto");
  for (const k of ["judgeModel", "fuserModel", "judgeEndpoint", "fuserEndpoint"]) assert.equal(props[`answerBlender.${k}`].scope, "application", k);
  assert.equal(props["answerBlender.fuser"].default, "extractive");
  const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
  for (const k of ["endpoints", "judgeModel", "fuserModel", "judgeEndpoint", "fuserEndpoint", "pairrm.model", "genfuser.model", "modelCacheDir"]) assert.ok(restricted.includes(`answerBlender.${k}`), k);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, "limited");
  assert.deepEqual(pkg.contributes.views.answerBlender[0].id, "answerBlender.history");
  const keys = [...JSON.stringify(pkg.contributes).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 20);
  for (const k of keys) assert.ok(k in nls, `package.nls.json lacks ${k}`);
});
