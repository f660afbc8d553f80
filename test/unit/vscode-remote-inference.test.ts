// The extension's remote inference settings: read from user settings only, planned into
// the pairrm / reward engine options, the bearer token from Set API Key (SecretStorage);
// end to end, a blend whose ranker runs on a real Open Inference Protocol server.
import "../helpers/install-fake-vscode";
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "../helpers/fake-vscode";
import { startExtensionSession, stopExtensionSession, type ExtensionSession } from "../helpers/extension-session";
import { startOipServer } from "../helpers/oip-server";
import { readSettings, type ConfigSource } from "../../src/vscode/settings";
import { enginePlan } from "../../src/vscode/engine-plan";
import { createPairRmRanker } from "../../src/core/rank/engines/pairrm";
import { rankExample } from "../../src/core/rank/rank-example";
import type { BlendRecord } from "../../src/protocol";

const ROOT = join(__dirname, "../..");
const PAIRRM = join(ROOT, "test/fixtures/tiny-pairrm");

function config(global: Record<string, unknown>, workspace: Record<string, unknown> = {}): ConfigSource {
  return {
    get: <T>(k: string) => (k in workspace ? workspace[k] : global[k]) as T | undefined,
    inspect: <T>(k: string) => ({ globalValue: global[k] as T | undefined, workspaceValue: workspace[k] as T | undefined }),
  };
}

let session: ExtensionSession | undefined;
afterEach(async () => {
  if (session) await stopExtensionSession(session);
  session = undefined;
});

test("settings: remoteInference only from user settings and only with both url and model; planned into pairrm/reward options only", () => {
  const url = "http://gpu-box:8000";
  const s = readSettings(config({ ranker: "pairrm", "pairrm.model": "/models/pairrm", "remoteInference.url": url, "remoteInference.model": "pairrm" }));
  assert.deepEqual(s.remoteInference, { url, model: "pairrm" });
  const plan = enginePlan(s, []);
  assert.deepEqual(plan.ranker.options.remote, { url, model: "pairrm" });
  assert.equal(plan.ranker.options.model, "/models/pairrm", "the tokenizer still comes from the local folder");
  assert.equal(enginePlan({ ...s, ranker: "reward", rewardModel: "/models/rm" }, []).ranker.options.remote?.model, "pairrm");
  assert.equal(enginePlan({ ...s, ranker: "builtin" }, []).ranker.options.remote, undefined, "the builtin ranker runs locally");
  assert.equal(plan.fuser.options.remote, undefined);

  const fromWorkspace = readSettings(config({ ranker: "pairrm" }, { "remoteInference.url": "http://evil:8000", "remoteInference.model": "pairrm" }));
  assert.equal(fromWorkspace.remoteInference, undefined, "a workspace can never send the answers to a server");
  assert.equal(readSettings(config({ "remoteInference.url": url })).remoteInference, undefined, "no model name: local");
});

test("package.json: both settings are machine-scoped and restricted in untrusted workspaces, with descriptions in every language", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    contributes: { configuration: { properties: Record<string, { scope?: string; description?: string; markdownDescription?: string }> } };
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  for (const key of ["answerBlender.remoteInference.url", "answerBlender.remoteInference.model"]) {
    const prop = pkg.contributes.configuration.properties[key];
    assert.equal(prop?.scope, "machine", key);
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key), key);
    const nlsKey = (prop.description ?? prop.markdownDescription ?? "").replace(/^%|%$/g, "");
    for (const f of ["package.nls.json", "package.nls.de.json", "package.nls.fr.json"]) {
      const nls = JSON.parse(readFileSync(join(ROOT, f), "utf8")) as Record<string, string>;
      assert.ok(nls[nlsKey]?.length > 20, `${f}: ${nlsKey}`);
    }
  }
});

test("a blend with the pairrm ranker on a remote server: the token from Set API Key is sent, the ranking is the local one", async () => {
  const token = "tok-remote-5e6f7a8b";
  const srv = await startOipServer({ models: { pairrm: join(PAIRRM, "onnx/model.onnx") }, token });
  try {
    const answers = { "prompt.md": "Write a short poem about the sea.", "m1.md": "The sea is wide and blue, it sings to me and you.", "m2.md": "Water.", "m3.md": "Waves roll in, waves roll out." };
    session = startExtensionSession(answers);
    vscode.settings.global.set("ranker", "pairrm");
    vscode.settings.global.set("pairrm.model", PAIRRM);
    vscode.settings.global.set("remoteInference.url", srv.url);
    vscode.settings.global.set("remoteInference.model", "pairrm");

    vscode.ui.quickPicks.push((items) => (items as string[]).find((i) => i.startsWith("Remote inference server")));
    vscode.ui.inputBoxes.push((o) => (assert.equal(o.password, true), token));
    assert.equal(await vscode.commands.executeCommand("answerBlender.setApiKey"), true);
    assert.deepEqual(vscode.ui.quickPickItems[0], [`Remote inference server (${srv.url})`]);
    assert.equal(await session.ctx.secrets.get("answerBlender.remoteInference.token"), token);
    assert.equal(await session.ctx.secrets.get("answerBlender.apiKey.Remote inference server"), undefined);

    const files = ["m1.md", "m2.md", "m3.md", "prompt.md"].map((f) => vscode.Uri.file(session!.tree.path(f)));
    vscode.ui.inputBoxes.push((o) => o.value);
    const record = (await vscode.commands.executeCommand("answerBlender.blendFiles", files[0], files)) as BlendRecord | undefined;
    assert.ok(record, JSON.stringify(vscode.ui.messages));
    const infers = srv.requests.filter((q) => q.path === "/v2/models/pairrm/infer");
    assert.ok(infers.length >= 1, "the ranker's batches went to the server");
    assert.ok(srv.requests.every((q) => q.authorization === `Bearer ${token}`));

    // The same example through the same plan on the local model: the same matrix, bit for bit.
    const local = await createPairRmRanker({ model: PAIRRM, threads: 1 });
    const r = record.result.rank;
    const mine = await rankExample(record.result.example, local, { plan: r.plan, aggregate: r.aggregate, seed: 0, topK: 3 });
    assert.deepEqual(r.matrix, mine.matrix);
    assert.deepEqual(r.ranking.map((c) => c.model), mine.ranking.map((c) => c.model));
    await local.dispose();
  } finally {
    await srv.close();
  }
});
