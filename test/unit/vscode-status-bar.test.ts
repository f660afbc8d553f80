// The status bar item of blends, driven by real blends in the extension host (fake VS Code at
// the edge, a local OpenAI-compatible server for a blend that waits): progress while a blend
// runs (click: the panel; Cancel in its tooltip), then the last result (click: that blend).
import "../helpers/install-fake-vscode";
import { test, beforeEach, afterEach, after } from "node:test";
import assert from "node:assert/strict";
import * as vscode from "../helpers/fake-vscode";
import { startExtensionSession, stopExtensionSession, type ExtensionSession } from "../helpers/extension-session";
import { startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";
import { writeInPromptEditor } from "../helpers/lm-models";
import type { BlendRecord } from "../../src/protocol";

const ANSWERS = {
  "prompt.md": "How do I undo the last git commit?",
  "alpha.md": "Use `git reset --soft HEAD~1` to undo the commit and keep the changes staged.",
  "beta.md": "git revert HEAD",
  "broken.json": "{ not json",
};

let s: ExtensionSession;
let server: OpenAiTestServer | undefined;
const item = () => vscode.registry.statusBarItems[0];
const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args) as Promise<T>;
const uri = (name: string) => vscode.Uri.file(s.tree.path(name));
const tooltip = () => (item().tooltip as vscode.MarkdownString).value;

beforeEach(() => {
  s = startExtensionSession(ANSWERS);
});
afterEach(() => stopExtensionSession(s));
after(async () => server?.close());

test("while a blend runs: progress, click shows the results, Cancel (a trusted link to one command) stops it", async () => {
  server ??= await startOpenAiServer({ apiKey: "sk-test" });
  vscode.settings.global.set("endpoints", [{ id: "slow", baseUrl: server.url, model: "hang" }]);
  await s.ctx.secrets.store("answerBlender.apiKey.slow", "sk-test");
  vscode.ui.quickPicks.push((items) => (items as Array<{ picked?: boolean }>).filter((i) => i.picked));
  writeInPromptEditor("anything");
  const pending = run<BlendRecord | undefined>("answerBlender.askModels");
  for (let i = 0; i < 200 && !item().text.includes("Asking models"); i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(item().shown, true);
  assert.match(item().text, /^\$\(loading~spin\) Asking models 0\/1$/);
  assert.equal(item().command, "answerBlender.showResults");
  assert.match(tooltip(), /\[Cancel\]\(command:answerBlender\.cancelBlend\)/);
  assert.deepEqual((item().tooltip as vscode.MarkdownString).isTrusted, { enabledCommands: ["answerBlender.showResults", "answerBlender.cancelBlend"] });
  assert.equal(vscode.registry.context.get("answerBlender.blending"), true, "Cancel Blend is enabled");
  assert.equal(item().accessibilityInformation?.label, "Asking models 0/1");

  await run("answerBlender.cancelBlend");
  assert.equal(await pending, undefined);
  assert.match(item().text, /Blend cancelled/);
  assert.equal(vscode.registry.context.get("answerBlender.blending"), false);
});

test("after a blend: the top answer and the problems; click opens that blend; a failure points at the log", async () => {
  vscode.ui.inputBoxes.push((o) => o.value);
  // A folder with one file that is not valid JSON: blended, with that one problem.
  const record = await run<BlendRecord>("answerBlender.blendFiles", vscode.Uri.file(s.tree.dir));
  assert.equal(record.result.issues.length, 1);
  const top = record.result.rank.ranking[0].model;
  assert.equal(item().text, `$(warning) #1 ${top} · 1 problem`);
  assert.match(tooltip(), /Partial result: 1 problem/);
  assert.deepEqual(item().command, { command: "answerBlender.history.open", title: "Open", arguments: [{ kind: "blend", blendId: record.blendId }] });

  // Another blend replaces the panel's; the status bar item still opens the one it names.
  vscode.ui.inputBoxes.push(() => "second");
  const second = await run<BlendRecord>("answerBlender.blendFiles", undefined, [uri("alpha.md"), uri("beta.md")]);
  assert.equal(item().text, `$(check) #1 ${second.result.rank.ranking[0].model}`);
  const cmd = item().command as { command: string; arguments: unknown[] };
  await run("answerBlender.showResults");
  assert.equal(s.api.panel.current?.blendId, second.blendId, "Show Last Blend: the newest");
  await run("answerBlender.history.open", { kind: "blend", blendId: record.blendId });
  assert.equal(s.api.panel.current?.blendId, record.blendId);
  await run(cmd.command, ...cmd.arguments);
  assert.equal(s.api.panel.current?.blendId, second.blendId);

  vscode.settings.global.set("ranker", "nonsense");
  vscode.ui.inputBoxes.push(() => "p");
  assert.equal(await run("answerBlender.blendFiles", undefined, [uri("alpha.md"), uri("beta.md")]), undefined);
  assert.equal(item().text, "$(error) Blend failed");
  assert.equal(item().command, "answerBlender.showLog");
  assert.match(tooltip(), /unknown ranker "nonsense"/);
  await run("answerBlender.showLog");
  assert.equal(vscode.registry.logs[0].shown, 1, "Show Log opens the channel");
});
