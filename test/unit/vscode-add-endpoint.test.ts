// Add Endpoint… through the fake VS Code edge, probing real loopback servers that imitate
// Ollama and OpenAI-compatible servers: what it shows, and exactly what it writes (the user
// setting answerBlender.endpoints, never a workspace one; keys only in SecretStorage).
import "../helpers/install-fake-vscode";
import { test, beforeEach, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "../helpers/fake-vscode";
import { closedPort, hangingServer, ollamaServer, openAiModelsServer, type ModelListServer } from "../helpers/model-servers";
import { ADD_ENDPOINT_COMMAND, registerAddEndpoint, type AddEndpointDeps } from "../../src/vscode/add-endpoint";
import { Reporter } from "../../src/vscode/log";
import { readSettings } from "../../src/vscode/settings";
import { withApiKeys } from "../../src/vscode/api-keys";
import { parseEndpoints } from "../../src/core/endpoints/config";
import type { Probe } from "../../src/core/endpoints/discover";
import type { EndpointEntry } from "../../src/vscode/endpoint-entries";

type Item = { label: string; description?: string; detail?: string; picked?: boolean; kind?: number };
type BoxOptions = { value?: string; password?: boolean; title?: string; validateInput?: (v: string) => string | undefined };

const servers: ModelListServer[] = [];
async function keep(s: Promise<ModelListServer>): Promise<ModelListServer> {
  const server = await s;
  servers.push(server);
  return server;
}
after(() => Promise.all(servers.map((s) => s.close())));

let secrets: vscode.FakeSecrets;
let log: vscode.FakeLog;

/** Registers the command as the extension does, with probes at the given loopback servers. */
function register(probes: Probe[], extra: Partial<AddEndpointDeps> = {}) {
  secrets = new vscode.FakeSecrets();
  log = new vscode.FakeLog("Answer Blender");
  registerAddEndpoint({ secrets, reporter: new Reporter(log as never), probes, timeoutMs: 5_000, env: {}, ...extra });
}
const run = () => vscode.commands.executeCommand(ADD_ENDPOINT_COMMAND) as Promise<EndpointEntry[] | undefined>;
const settle = () => new Promise((r) => setImmediate(r));
const byLabel = (label: string) => (items: readonly unknown[]) => (items as Item[]).find((i) => i.label === label);
const byLabels = (...labels: string[]) => (items: readonly unknown[]) => (items as Item[]).filter((i) => labels.includes(i.label));
const userEndpoints = () => vscode.settings.global.get("endpoints");
const base = (s: ModelListServer) => `http://127.0.0.1:${s.port}/v1`;

beforeEach(() => vscode.resetFake());

test("Ollama found: its models in a multi-select, the picked ones appended to the user setting with unique ids; the workspace setting is neither read nor written", async () => {
  const ollama = await keep(ollamaServer(["llama3.2:latest", "qwen2.5:7b", "mistral:7b", "nomic-embed-text:latest"]));
  const vllm = await keep(openAiModelsServer(["Qwen/Qwen2.5-1.5B-Instruct"], "vllm"));
  const workspaceServer = await keep(openAiModelsServer(["evil"], "vllm"));
  const existing = [
    { id: "ollama-llama3.2", baseUrl: `${base(ollama)}/`, model: "llama3.2:latest" },
    { id: "ollama-qwen2.5-7b", baseUrl: "http://127.0.0.1:9/v1", model: "qwen2.5:7b", temperature: 0.5 },
  ];
  vscode.settings.global.set("endpoints", existing);
  const workspaceValue = [{ id: "evil", baseUrl: base(workspaceServer), model: "evil" }];
  vscode.settings.workspace.set("endpoints", workspaceValue);
  register([{ kind: "ollama", port: ollama.port }, { kind: "vllm", port: vllm.port }, { kind: "llamacpp", port: await closedPort() }]);

  vscode.ui.quickPicks.push(byLabel("$(server) Ollama"), byLabels("llama3.2:latest", "qwen2.5:7b", "mistral:7b"), byLabels("Answer"));
  vscode.ui.messageAnswers.push("Open Settings");
  const added = await run();

  const [serverItems, modelItems, roleItems] = vscode.ui.quickPickItems as Item[][];
  assert.deepEqual(serverItems.map((i) => [i.label, i.description, i.detail]), [
    ["$(server) Ollama", base(ollama), "3 models: llama3.2:latest, qwen2.5:7b, mistral:7b"],
    ["$(server) vLLM", base(vllm), "Qwen/Qwen2.5-1.5B-Instruct"],
    ["", undefined, undefined],
    ["$(add) Other OpenAI-compatible server…", undefined, "Any base URL: OpenAI, OpenRouter, a server on another machine or port"],
  ]);
  assert.equal(serverItems[2].kind, vscode.QuickPickItemKind.Separator);
  assert.deepEqual(modelItems.map((i) => [i.label, i.description, i.picked]), [
    ["llama3.2:latest", "already added as ollama-llama3.2", false],
    ["qwen2.5:7b", undefined, true],
    ["mistral:7b", undefined, false],
  ]);
  assert.equal(vscode.ui.quickPickOptions[1]?.canPickMany, true);
  assert.deepEqual(roleItems.map((i) => [i.label, i.picked]), [["Answer", true], ["Judge", false], ["Fuse", false]]);

  const expected = [
    { id: "ollama-qwen2.5-7b-2", baseUrl: base(ollama), model: "qwen2.5:7b" },
    { id: "ollama-mistral-7b", baseUrl: base(ollama), model: "mistral:7b" },
  ];
  assert.deepEqual(added, expected);
  assert.deepEqual(userEndpoints(), [...existing, ...expected], "the existing entries kept as they were, the new ones appended");
  assert.deepEqual([...vscode.settings.workspace.entries()], [["endpoints", workspaceValue]], "the workspace setting untouched");
  assert.equal(workspaceServer.requests.length, 0, "nothing in the workspace settings was probed");
  assert.deepEqual(ollama.requests, [{ method: "GET", path: "/api/tags" }]);
  assert.equal(vscode.ui.progressTitles[0], "Looking for model servers on this machine…");

  const settings = readSettings(vscode.workspace.getConfiguration("answerBlender"));
  assert.equal(settings.endpointsError, undefined);
  assert.deepEqual(settings.endpoints.slice(2), expected, "what was written passes the settings check");

  await settle();
  const info = vscode.ui.messages.find((m) => m.level === "info")!;
  assert.equal(info.text, "2 endpoints added to your user settings: ollama-qwen2.5-7b-2, ollama-mistral-7b.");
  assert.deepEqual(info.items, ["Ask Models and Blend", "Open Settings"]);
  assert.deepEqual(vscode.registry.executed.at(-1), { command: "workbench.action.openSettings", args: ["answerBlender.endpoints"] });
});

test("Other OpenAI-compatible server with a key in SecretStorage and the judge and fuse roles", async () => {
  register([{ kind: "ollama", port: await closedPort() }]);
  vscode.ui.quickPicks.push(byLabel("$(add) Other OpenAI-compatible server…"), byLabel("Store a key in VS Code's secret storage"), byLabels("Judge", "Fuse"));
  const problems: Array<string | undefined> = [];
  vscode.ui.inputBoxes.push(
    (o) => {
      const validate = (o as BoxOptions).validateInput!;
      problems.push(validate("localhost:8080"), validate("ftp://x/v1"), validate("https://me:pw@api.example.com/v1"), validate("https://api.openai.com/v1"));
      return " https://api.openai.com/v1 ";
    },
    () => "gpt-4o-mini",
    () => " sk-test-123456 ",
  );
  vscode.ui.messageAnswers.push("Ask Models and Blend");
  const added = await run();

  const [serverItems] = vscode.ui.quickPickItems as Item[][];
  assert.deepEqual(serverItems.map((i) => i.label), ["$(add) Other OpenAI-compatible server…"], "nothing found: only the other-server item");
  assert.equal(vscode.ui.quickPickOptions[0]?.placeHolder, "No model server found on 127.0.0.1 (Ollama 11434, LM Studio 1234, llama.cpp 8080, vLLM 8000)");
  assert.deepEqual(problems, [
    "A URL starting with http:// or https://, e.g. http://127.0.0.1:8080/v1",
    "A URL starting with http:// or https://, e.g. http://127.0.0.1:8080/v1",
    "No user name or password in the URL: the API key is asked next",
    undefined,
  ]);
  const keyBox = vscode.ui.inputBoxOptions[2];
  assert.equal(keyBox.password, true);
  assert.equal(keyBox.title, "API key for openai-gpt-4o-mini");

  const expected = [{ id: "openai-gpt-4o-mini", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", roles: ["judge", "fuse"] }];
  assert.deepEqual(added, expected);
  assert.deepEqual(userEndpoints(), expected);
  assert.equal(vscode.settings.workspace.size, 0);
  assert.deepEqual([...secrets.data], [["answerBlender.apiKey.openai-gpt-4o-mini", "sk-test-123456"]]);
  const [resolved] = await withApiKeys(readSettings(vscode.workspace.getConfiguration("answerBlender")).endpoints, secrets);
  assert.equal(resolved.apiKey, "sk-test-123456", "Ask Endpoints will send the stored key");
  const shown = JSON.stringify([vscode.ui.messages, log.lines, vscode.settings.global.get("endpoints")]);
  assert.ok(!shown.includes("sk-test"), "the key is in no message, log line or setting");
  await settle();
  assert.ok(vscode.ui.messages.some((m) => m.text === "Endpoint openai-gpt-4o-mini added to your user settings; its API key is in VS Code's secret storage."));
  assert.equal(vscode.registry.executed.at(-1)?.command, "answerBlender.askModels");
});

test("Other server with the key in an environment variable: the name is guessed from the host, and an unset variable is pointed out", async () => {
  register([]);
  vscode.ui.quickPicks.push(byLabel("$(add) Other OpenAI-compatible server…"), byLabel("Read the key from an environment variable…"), byLabels("Answer"));
  vscode.ui.inputBoxes.push(
    () => "https://openrouter.ai/api/v1",
    () => "meta-llama/llama-3.1-8b-instruct",
    (o) => {
      assert.equal((o as BoxOptions).validateInput!("1BAD"), "Letters, digits and _, not starting with a digit");
      return o.value;
    },
  );
  const added = await run();
  const [, keyItems] = vscode.ui.quickPickItems as Item[][];
  assert.equal(keyItems[0].label, "Store a key in VS Code's secret storage", "a remote server: storing a key comes first");
  assert.equal(vscode.ui.inputBoxOptions[2].value, "OPENROUTER_API_KEY");
  assert.deepEqual(added, [{ id: "openrouter-llama-3.1-8b-instruct", baseUrl: "https://openrouter.ai/api/v1", model: "meta-llama/llama-3.1-8b-instruct", apiKeyEnv: "OPENROUTER_API_KEY" }]);
  assert.deepEqual(userEndpoints(), added);
  assert.equal(secrets.data.size, 0);
  assert.ok(vscode.ui.messages.some((m) => m.level === "warning" && m.text.startsWith("OPENROUTER_API_KEY is not set in VS Code's environment")));
});

test("a server on this machine typed by hand: no key is the first choice; one model of a server is added without a model pick", async () => {
  const lmstudio = await keep(openAiModelsServer(["qwen2.5-7b-instruct"], "organization_owner"));
  register([{ kind: "lmstudio", port: lmstudio.port }]);
  vscode.ui.quickPicks.push(byLabel("$(server) LM Studio"), byLabels("Answer", "Judge"));
  const added = await run();
  assert.equal(vscode.ui.quickPickItems.length, 2, "server, roles: no model pick for a single model");
  assert.deepEqual(added, [{ id: "lmstudio-qwen2.5-7b-instruct", baseUrl: base(lmstudio), model: "qwen2.5-7b-instruct", roles: ["answer", "judge"] }]);

  vscode.resetFake();
  register([]);
  vscode.ui.quickPicks.push(byLabel("$(add) Other OpenAI-compatible server…"), byLabel("No API key"), byLabels("Answer"));
  vscode.ui.inputBoxes.push(() => "http://localhost:5000/v1", () => "phi-3");
  const local = await run();
  assert.equal((vscode.ui.quickPickItems[1] as Item[])[0].label, "No API key");
  assert.deepEqual(local, [{ id: "local-phi-3", baseUrl: "http://localhost:5000/v1", model: "phi-3" }]);
});

test("stopping anywhere writes nothing: cancel while probing, Escape on a pick or box, no role ticked", async () => {
  const hanging = await keep(hangingServer());
  const ollama = await keep(ollamaServer(["llama3.2:latest", "qwen2.5:7b"]));
  register([{ kind: "vllm", port: hanging.port }, { kind: "ollama", port: ollama.port }], { timeoutMs: 60_000 });
  vscode.ui.cancelNextProgress = true;
  assert.equal(await run(), undefined);
  assert.equal(vscode.ui.quickPickItems.length, 0, "cancelled while probing: no pick shown");

  register([{ kind: "ollama", port: ollama.port }]);
  for (const script of [
    [() => undefined],
    [byLabel("$(server) Ollama"), () => undefined],
    [byLabel("$(server) Ollama"), byLabels("qwen2.5:7b"), () => undefined],
    [byLabel("$(server) Ollama"), byLabels("qwen2.5:7b"), () => []],
  ]) {
    vscode.ui.quickPicks.push(...script);
    assert.equal(await run(), undefined);
  }
  vscode.ui.quickPicks.push(byLabel("$(add) Other OpenAI-compatible server…"));
  vscode.ui.inputBoxes.push(() => undefined);
  assert.equal(await run(), undefined);
  assert.equal(vscode.settings.global.has("endpoints"), false);
  assert.equal(vscode.settings.workspace.size, 0);
  assert.ok(vscode.ui.messages.some((m) => m.text === "No role picked: nothing was added."));
});

test("a server with no models, or only models already added, says so and adds nothing", async () => {
  const empty = await keep(ollamaServer([]));
  const one = await keep(openAiModelsServer(["m"], "vllm"));
  vscode.settings.global.set("endpoints", [{ id: "mine", baseUrl: base(one), model: "m" }]);
  register([{ kind: "ollama", port: empty.port }, { kind: "vllm", port: one.port }]);
  const serverItems = () => vscode.ui.quickPickItems.at(-1) as Item[];
  vscode.ui.quickPicks.push(byLabel("$(server) Ollama"));
  assert.equal(await run(), undefined);
  assert.equal(serverItems()[0].detail, "no models yet: pull or load one first");
  vscode.ui.quickPicks.push(byLabel("$(server) vLLM"));
  assert.equal(await run(), undefined);
  assert.deepEqual(vscode.ui.messages.map((m) => m.text), [
    `Ollama at ${base(empty)} lists no models: pull or load one, then run Add Endpoint again.`,
    "m is already an endpoint (mine).",
  ]);
  assert.deepEqual(userEndpoints(), [{ id: "mine", baseUrl: base(one), model: "m" }]);
});

test("a user setting that is not a list is never overwritten: the error names the setting", async () => {
  const one = await keep(openAiModelsServer(["m"], "vllm"));
  vscode.settings.global.set("endpoints", { oops: true });
  register([{ kind: "vllm", port: one.port }]);
  vscode.ui.quickPicks.push(byLabel("$(server) vLLM"));
  assert.equal(await run(), undefined);
  await settle();
  const err = vscode.ui.messages.find((m) => m.level === "error")!;
  assert.match(err.text, /^Add Endpoint failed: settings: answerBlender\.endpoints: is not a list of endpoints/);
  assert.deepEqual(err.items, ["Show Log"]);
  assert.deepEqual(userEndpoints(), { oops: true });
});

test("package.json: the command, its activation, and settings.json completion offering real endpoint objects", () => {
  const root = join(__dirname, "..", "..");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const nls = JSON.parse(readFileSync(join(root, "package.nls.json"), "utf8")) as Record<string, string>;
  const cmd = pkg.contributes.commands.find((c: { command: string }) => c.command === ADD_ENDPOINT_COMMAND);
  assert.equal(nls[/^%(.+)%$/.exec(cmd.title)![1]], "Add Endpoint…");
  assert.ok(pkg.activationEvents.includes(`onCommand:${ADD_ENDPOINT_COMMAND}`));
  const snippets = pkg.contributes.configuration.properties["answerBlender.endpoints"].items.defaultSnippets as Array<{ label: string; description: string; body: Record<string, string> }>;
  assert.deepEqual(snippets.map((s) => s.label), ["Ollama", "LM Studio", "llama.cpp server", "vLLM", "OpenAI"]);
  // What the completion inserts once the placeholders keep their defaults.
  const inserted = snippets.map((s) => JSON.parse(JSON.stringify(s.body).replace(/\$\{\d+:([^}]*)\}/g, "$1")) as unknown);
  const parsed = parseEndpoints(inserted, "defaultSnippets");
  assert.deepEqual(parsed.map((e) => [e.id, e.baseUrl, e.model, e.apiKeyEnv]), [
    ["ollama-llama3.2", "http://127.0.0.1:11434/v1", "llama3.2", undefined],
    ["lmstudio-qwen2.5-7b-instruct", "http://127.0.0.1:1234/v1", "qwen2.5-7b-instruct", undefined],
    ["llamacpp", "http://127.0.0.1:8080/v1", "local", undefined],
    ["vllm-qwen", "http://127.0.0.1:8000/v1", "Qwen/Qwen2.5-1.5B-Instruct", undefined],
    ["openai-gpt-4o-mini", "https://api.openai.com/v1", "gpt-4o-mini", "OPENAI_API_KEY"],
  ]);
  for (const s of snippets) assert.ok(nls[/^%(.+)%$/.exec(s.description)![1]], `${s.label}: description in package.nls.json`);
});
