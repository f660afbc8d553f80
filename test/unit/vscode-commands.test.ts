// The extension host end to end with the VS Code API faked at the edge: real files, real
// core engines (length ranker, none/llm fusers), a real local OpenAI-compatible server.
import "../helpers/install-fake-vscode";
import { test, beforeEach, afterEach, after } from "node:test";
import assert from "node:assert/strict";
import * as vscode from "../helpers/fake-vscode";
import { tempTree } from "../helpers/tmp";
import { startExtensionSession, stopExtensionSession } from "../helpers/extension-session";
import { startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";
import { writeInPromptEditor } from "../helpers/lm-models";
import { activate, deactivate, type ExtensionApi } from "../../src/vscode/extension";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BlendRecord, HostToPanel } from "../../src/protocol";

const ANSWERS = {
  "prompt.md": "How do I undo the last git commit?",
  "alpha.md": "Use `git reset --soft HEAD~1` to undo the commit and keep the changes staged.",
  "beta.md": "git revert HEAD",
  "gamma.txt": "Run `git reset --hard HEAD~1`. Careful: this throws away the changes of that commit for good, so stash first if unsure.",
  "delta.md": "Use git reset HEAD~1 (mixed): the commit is undone, changes kept unstaged.",
};

let tree: ReturnType<typeof tempTree>;
let ctx: ReturnType<typeof vscode.fakeContext>;
let api: ExtensionApi;
let server: OpenAiTestServer | undefined;

const uri = (name: string) => vscode.Uri.file(tree.path(name));
const log = () => vscode.registry.logs[0];
const panelMessages = (i = -1) => vscode.registry.panels.at(i)!.webview.posted as HostToPanel[];
const blendsPosted = (i = -1) => panelMessages(i).filter((m): m is Extract<HostToPanel, { type: "blend" }> => m.type === "blend");
const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args) as Promise<T>;
const settle = () => new Promise((r) => setImmediate(r));

function pickLabel(label: string) {
  return (items: readonly unknown[]) => (items as Array<{ label: string }>).find((i) => i.label === label);
}

beforeEach(() => {
  ({ tree, ctx, api } = startExtensionSession(ANSWERS));
});

afterEach(() => stopExtensionSession({ tree, ctx }));

after(async () => server?.close());

test("activation registers the commands package.json declares (and the @blend buttons' own three), the @blend chat participant, the Recent Blends tree, the status bar item and the panel serializer, and loads no engine", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { contributes: { commands: Array<{ command: string }> } };
  // The @blend reply's buttons run these with arguments; they are not for the Command Palette.
  const buttonCommands = ["answerBlender.showBlend", "answerBlender.useAnswer", "answerBlender.rankArrived"];
  assert.deepEqual([...vscode.registry.commands.keys()].sort(), [...pkg.contributes.commands.map((c) => c.command), ...buttonCommands].sort());
  assert.deepEqual([...vscode.registry.chatParticipants.keys()], ["answer-blender.blend"]);
  assert.equal(vscode.registry.chatModelSelects, 0, "VS Code's chat models are not read at activation");
  assert.ok(vscode.registry.treeViews.has("answerBlender.history"));
  assert.equal(vscode.registry.viewProviders.size, 0, "no webview view any more");
  assert.equal(vscode.registry.statusBarItems.length, 1);
  assert.equal(vscode.registry.statusBarItems[0].shown, false, "hidden until the first blend");
  assert.ok(vscode.registry.serializers.has("answerBlender.results"));
  assert.equal(vscode.registry.logs[0].name, "Answer Blender");
  assert.ok(!Object.keys(require.cache).some((k) => k.includes("onnxruntime-node")), "onnxruntime not loaded at activation");
});

test("Blend Selected Files: the explorer selection with its prompt.md → ranked cards in the panel, history, Insert Fused Answer", async () => {
  const editor = new vscode.TextEditor(new vscode.TextDocument(vscode.Uri.file(tree.path("notes.md")), "Answer:\n\nEnd.\n"));
  editor.selections = [new vscode.Selection(new vscode.Position(1, 0), new vscode.Position(1, 0))];
  vscode.setActiveEditor(editor);
  vscode.ui.inputBoxes.push((o) => o.value); // accept the prefilled prompt
  const files = ["prompt.md", "alpha.md", "beta.md", "gamma.txt", "delta.md"].map(uri);
  const record = await run<BlendRecord>("answerBlender.blendFiles", files[1], files);
  assert.ok(record);
  assert.equal(vscode.ui.inputBoxOptions[0].value, ANSWERS["prompt.md"], "prompt box prefilled from prompt.md");
  const r = record.result;
  assert.equal(r.example.instruction, ANSWERS["prompt.md"]);
  assert.deepEqual(r.rank.ranking.map((c) => c.model), ["gamma", "alpha", "delta", "beta"], "length ranker: longest first");
  assert.equal(r.rank.matrix.length, 4);
  assert.equal(r.rank.comparisons, 12);
  assert.equal(r.rank.ranker, "length");
  assert.deepEqual(r.fused && [r.fused.fuser, r.fused.text], ["none", ANSWERS["gamma.txt"]]);
  assert.equal(r.example.candidates.find((c) => c.model === "alpha")?.meta?.file, tree.path("alpha.md"));
  assert.equal(record.sourceLabel, "4 files");

  // The panel opened beside the editor and got the blend once the webview was ready.
  assert.equal(vscode.registry.panels.length, 1);
  await settle();
  const last = blendsPosted().at(-1)!;
  assert.equal(last.blend.blendId, record.blendId);
  assert.ok(!last.blend.fusing);
  const busy = panelMessages().filter((m) => m.type === "busy");
  assert.ok(busy.length === 0 || busy.at(-1)!.busy === false, "the webview is not left busy");
  assert.match(vscode.registry.panels[0].title, /How do I undo/);

  // History keeps the whole record.
  assert.deepEqual(api.history.list().map((x) => x.blendId), [record.blendId]);
  assert.ok((ctx.workspaceState.get("answerBlender.history") as unknown[]).length === 1);

  // The panel has focus now; Insert Fused Answer writes into the remembered editor at its cursor.
  vscode.setActiveEditor(undefined);
  assert.equal(await run("answerBlender.insertFused"), true);
  assert.equal(editor.document.getText(), "Answer:\n" + ANSWERS["gamma.txt"] + "\nEnd.\n");
});

test("panel buttons: Replace selection, Use this answer, Copy, Open in new editor reach the right places", async () => {
  const editor = new vscode.TextEditor(new vscode.TextDocument(vscode.Uri.file(tree.path("doc.md")), "keep REPLACE keep"));
  editor.selections = [new vscode.Selection(new vscode.Position(0, 5), new vscode.Position(0, 12))];
  vscode.setActiveEditor(editor);
  vscode.ui.inputBoxes.push(() => "prompt");
  await run("answerBlender.blendFiles", undefined, [uri("alpha.md"), uri("beta.md")]);
  vscode.setActiveEditor(undefined);
  const webview = vscode.registry.panels[0].webview;
  webview.send({ type: "insert", text: "NEW", mode: "replace" });
  await settle();
  assert.equal(editor.document.getText(), "keep NEW keep");
  webview.send({ type: "copy", text: "copied text" });
  await settle();
  assert.equal(vscode.registry.clipboard, "copied text");
  webview.send({ type: "openInEditor", text: "# fused" });
  await settle();
  await settle();
  const opened = vscode.workspace.textDocuments.at(-1)!;
  assert.equal(opened.getText(), "# fused");
  assert.equal(opened.languageId, "markdown");
  webview.send({ type: "showLog" });
  assert.equal(log().shown, 1);
});

test("Blend Answers → Folder…: prompt from prompt.md, a bad answer file is marked, not fatal", async () => {
  const extra = tempTree({ ...ANSWERS, "broken.json": "{ not json", "image.png": "x" });
  try {
    vscode.ui.quickPicks.push(pickLabel("Folder…"));
    vscode.ui.openDialogs.push([vscode.Uri.file(extra.dir)]);
    vscode.ui.inputBoxes.push((o) => o.value);
    const record = await run<BlendRecord>("answerBlender.blend");
    assert.equal(vscode.ui.quickPickItems[0].length, 5, "five kinds of source");
    assert.equal(record.result.example.instruction, ANSWERS["prompt.md"]);
    assert.equal(record.result.example.candidates.length, 4);
    const where = record.result.issues.map((i) => i.where);
    assert.ok(record.result.issues.some((i) => i.file?.endsWith("broken.json") && where.includes(i.where)), JSON.stringify(record.result.issues));
    const warn = vscode.ui.messages.find((m) => m.level === "warning");
    assert.ok(warn && warn.items.includes("Show Log"), "partial result announced with a log link");
    assert.ok(log().lines.some((l) => l.level === "warn" && l.text.includes("broken.json")));
  } finally {
    extra.cleanup();
  }
});

test("Blend Answers → MixInstruct file: pick one example; a malformed file gives a clear error with Open File and Show Log", async () => {
  const data = tempTree({
    "mix.jsonl": [
      JSON.stringify({ id: "q1", instruction: "Name a prime.", input: "", candidates: [{ model: "a", text: "7" }, { model: "b", text: "Seven is prime." }] }),
      JSON.stringify({ id: "q2", instruction: "Name a colour.", input: "", candidates: [{ model: "a", text: "red" }, { model: "b", text: "Blue, like the sky." }] }),
      "{ this line is broken",
    ].join("\n"),
    "bad.json": '[{"id": "x", "instruction": "hi", "candidates": "not a list"}',
  });
  try {
    vscode.ui.quickPicks.push(pickLabel("MixInstruct or blend-set file…"), (items) => (items as Array<{ detail: string }>).find((i) => i.detail === "q2"));
    vscode.ui.openDialogs.push([vscode.Uri.file(data.path("mix.jsonl"))]);
    const record = await run<BlendRecord>("answerBlender.blend");
    assert.equal(record.result.example.id, "q2");
    assert.equal(record.result.top.text, "Blue, like the sky.");
    assert.equal(vscode.ui.inputBoxOptions.length, 0, "a dataset brings its own prompt");
    assert.ok(record.result.issues.some((i) => /mix\.jsonl/.test(i.where) && /3/.test(i.where + i.message)), JSON.stringify(record.result.issues));
    assert.match(record.sourceLabel, /mix\.jsonl #q2/);

    vscode.ui.quickPicks.push(pickLabel("MixInstruct or blend-set file…"));
    vscode.ui.openDialogs.push([vscode.Uri.file(data.path("bad.json"))]);
    vscode.ui.messageAnswers.push("Show Log");
    const before = vscode.registry.panels.length;
    assert.equal(await run("answerBlender.blend"), undefined);
    await settle();
    const err = vscode.ui.messages.find((m) => m.level === "error");
    assert.ok(err, "an error message");
    assert.match(err.text, /bad\.json/);
    assert.deepEqual(err.items, ["Open File", "Show Log"], "the error names the file: it can be opened");
    assert.equal(log().shown, 1, "Show Log opens the channel");
    assert.ok(log().lines.some((l) => l.level === "error" && l.text.includes("bad.json")));
    assert.equal(vscode.registry.panels.length, before);
  } finally {
    data.cleanup();
  }
});

test("Blend Answers → Open editors: the editor holding the selected prompt is not an answer", async () => {
  const docs = ["alpha.md", "beta.md", "gamma.txt"].map((n) => new vscode.TextDocument(uri(n), ANSWERS[n as keyof typeof ANSWERS]));
  const promptDoc = new vscode.TextDocument(uri("question.md"), "Question: How do I undo the last git commit?\n");
  vscode.workspace.textDocuments.push(...docs, promptDoc);
  vscode.window.tabGroups.all = [{ tabs: [...docs, promptDoc].map((d) => ({ input: new vscode.TabInputText(d.uri), label: d.uri.path })) }];
  const e = new vscode.TextEditor(promptDoc);
  e.selections = [new vscode.Selection(new vscode.Position(0, 10), new vscode.Position(0, 44))];
  vscode.setActiveEditor(e);
  vscode.ui.quickPicks.push(pickLabel("Open editors"), (items) => (items as Array<{ picked: boolean }>).filter((i) => i.picked));
  vscode.ui.inputBoxes.push((o) => o.value);
  const record = await run<BlendRecord>("answerBlender.blend");
  assert.equal(vscode.ui.inputBoxOptions[0].value, "How do I undo the last git commit?");
  assert.deepEqual(record.result.example.candidates.map((c) => c.model).sort(), ["alpha", "beta", "gamma"]);
  assert.equal(record.sourceLabel, "3 editors");
});

test("virtual workspace: answers read through workspace.fs from a non-file scheme", async () => {
  const enc = new TextEncoder();
  vscode.memfs.set("/proj/answers/prompt.txt", enc.encode("Capital of France?"));
  vscode.memfs.set("/proj/answers/m1.md", enc.encode("Paris."));
  vscode.memfs.set("/proj/answers/m2.md", enc.encode("The capital of France is Paris."));
  vscode.ui.inputBoxes.push((o) => o.value);
  const record = await run<BlendRecord>("answerBlender.blendFiles", vscode.Uri.parse("memfs:/proj/answers"));
  assert.equal(record.result.example.instruction, "Capital of France?");
  assert.equal(record.result.top.text, "The capital of France is Paris.");
  assert.equal(record.result.example.candidates[0].meta?.file, "memfs:///proj/answers/m1.md");
});

test("re-rank from the panel: another plan and aggregator, no new collection, scores from the pair cache", async () => {
  vscode.ui.inputBoxes.push(() => "prompt");
  const first = await run<BlendRecord>("answerBlender.blendFiles", undefined, ["alpha.md", "beta.md", "gamma.txt", "delta.md"].map(uri));
  const panel = api.panel;
  const updated = await api.controller.rerank(first.blendId, "knockout", "copeland");
  assert.ok(updated);
  assert.equal(updated.blendId, first.blendId);
  assert.deepEqual([updated.result.rank.plan, updated.result.rank.aggregate], ["knockout", "copeland"]);
  assert.equal(updated.result.rank.comparisons, updated.result.rank.cacheHits, "every knockout pair was already scored");
  assert.equal(updated.result.top.text, ANSWERS["gamma.txt"]);
  assert.equal(panel.current?.result.rank.plan, "knockout");
  assert.equal(api.history.get(first.blendId)?.result.rank.aggregate, "copeland");
  assert.equal(api.history.list().length, 1);
  // Through the webview message as well.
  vscode.registry.panels[0].webview.send({ type: "rerank", blendId: first.blendId, plan: "bubble", aggregate: "max-wins" });
  for (let i = 0; i < 20 && api.panel.current?.result.rank.plan !== "bubble"; i++) await settle();
  assert.equal(api.panel.current?.result.rank.plan, "bubble");
});

test("reload: the serializer restores the panel from its saved state; Recent Blends lists, reopens, deletes, clears", async () => {
  vscode.ui.inputBoxes.push(() => "first", () => "second");
  const a = await run<BlendRecord>("answerBlender.blendFiles", undefined, [uri("alpha.md"), uri("beta.md")]);
  const b = await run<BlendRecord>("answerBlender.blendFiles", undefined, [uri("gamma.txt"), uri("delta.md")]);

  // Window reload: a new extension instance over the same workspace storage.
  ctx.subscriptions.forEach((s) => s.dispose());
  await deactivate();
  const state = ctx.workspaceState;
  vscode.resetFake();
  ctx = vscode.fakeContext("/ext", state);
  api = activate(ctx as never);
  const restored = new vscode.FakeWebviewPanel("answerBlender.results", "old", {});
  await vscode.registry.serializers.get("answerBlender.results")!.deserializeWebviewPanel(restored, { blend: a });
  await settle();
  assert.match(restored.webview.html, /panel\.js/);
  const sent = (restored.webview.posted as HostToPanel[]).find((m) => m.type === "blend");
  assert.equal(sent && sent.type === "blend" && sent.blend.blendId, a.blendId);
  assert.equal(api.controller.latest()?.blendId, a.blendId, "Insert Fused Answer uses the restored blend");

  const tree = vscode.registry.treeViews.get("answerBlender.history")!;
  const labels = async () => (await tree.items()).map((i) => i.label);
  assert.deepEqual(await labels(), ["second", "first"], "newest first, from the stored history");
  const [second, first] = await tree.elements();

  // A click runs the item's command: the blend opens in the panel.
  const item = (await tree.items())[0];
  assert.equal(item.command?.command, "answerBlender.history.open");
  await run(item.command!.command, ...(item.command!.arguments ?? []));
  assert.equal(api.panel.current?.blendId, b.blendId);

  await run("answerBlender.history.delete", first);
  assert.deepEqual(await labels(), ["second"]);
  assert.ok(tree.changes > 0, "the view was told the list changed");

  vscode.ui.messageAnswers.push("Clear");
  await run("answerBlender.history.clear");
  assert.deepEqual(await labels(), [], "empty: the view's welcome content shows");
  assert.deepEqual(api.history.list(), []);
  assert.ok(second);
});

test("Set API Key stores the key in SecretStorage; Ask Endpoints (now Ask Models) uses it, ranks the answers and marks the failed endpoint", async () => {
  server ??= await startOpenAiServer({
    apiKey: "sk-test-abc123",
    answers: { "echo-short": "Paris.", "echo-long": "Paris is the capital of France, on the Seine." },
  });
  vscode.settings.global.set("endpoints", [
    { id: "short", baseUrl: server.url, model: "echo-short" },
    // The fuser endpoint answers too only because its roles say so.
    { id: "long", baseUrl: server.url, model: "echo-long", roles: ["answer", "fuse"] },
    { id: "broken", baseUrl: server.url, model: "fail" },
  ]);
  vscode.settings.workspace.set("endpoints", [{ id: "evil", baseUrl: "http://127.0.0.1:9/v1", model: "x" }]);
  vscode.settings.global.set("fuser", "llm");
  vscode.settings.global.set("fuserEndpoint", "long");
  for (const id of ["short", "long", "broken"]) {
    vscode.ui.quickPicks.push(() => id);
    vscode.ui.inputBoxes.push((o) => (assert.equal(o.password, true), "sk-test-abc123"));
    assert.equal(await run("answerBlender.setApiKey"), true);
  }
  assert.equal(await ctx.secrets.get("answerBlender.apiKey.long"), "sk-test-abc123");
  assert.deepEqual(vscode.ui.quickPickItems[0], ["short", "long", "broken"], "only the user's endpoints are offered");

  // The old command id runs Ask Models: the endpoints are preselected the first time.
  vscode.ui.quickPicks.push((items) => (items as Array<{ picked?: boolean }>).filter((i) => i.picked));
  writeInPromptEditor("What is the capital of France?");
  server.reset();
  const record = await run<BlendRecord>("answerBlender.askEndpoints");
  assert.ok(record, JSON.stringify(vscode.ui.messages));
  const r = record.result;
  assert.deepEqual(r.rank.ranking.map((c) => c.model), ["long", "short"]);
  assert.equal(r.example.candidates[0].meta?.endpoint, "short");
  assert.ok(typeof r.example.candidates[0].meta?.latencyMs === "number");
  assert.ok(r.issues.some((i) => i.endpoint === "broken"), JSON.stringify(r.issues));
  assert.equal(r.fused?.fuser, "llm");
  assert.ok(r.fused && r.fused.text.length > 0);
  assert.equal(record.sourceLabel, "3 models");
  assert.ok(server.requests.every((q) => q.headers.authorization === "Bearer sk-test-abc123"));
  assert.ok(!server.requests.some((q) => q.model === "x"), "the workspace's endpoint was never called");
  assert.ok(!log().lines.some((l) => l.text.includes("sk-test-abc123")), "the key never reaches the log");
  await settle();
  // The panel saw the ranking before the fused answer (fusing: true), then the final record.
  const blends = blendsPosted();
  assert.ok(blends.some((m) => m.blend.fusing === true && m.blend.result.fused === null));
  assert.ok(panelMessages().some((m) => m.type === "progress" && m.event.stage === "collect"));
  // While collecting, the panel saw the answers arrive; the last snapshot before the ranking has them all finished.
  const firstBlend = panelMessages().findIndex((m) => m.type === "blend");
  const live = panelMessages()
    .slice(0, firstBlend)
    .filter((m): m is Extract<HostToPanel, { type: "collecting" }> => m.type === "collecting");
  assert.ok(live.length > 0, "answers shown while they arrive");
  const last = live.at(-1)!.answers;
  assert.deepEqual(last.map((a) => [a.name, a.state]), [["short", "done"], ["long", "done"], ["broken", "failed"]]);
  assert.deepEqual(last.slice(0, 2).map((a) => a.text), ["short", "long"].map((m) => r.example.candidates.find((c) => c.model === m)!.text));
  assert.match(last[2].error ?? "", /500/);
  const retrying = live.map((m) => m.answers[2]).find((a) => a.state === "retrying");
  assert.ok(retrying && /500/.test(retrying.retry?.reason ?? ""), "the failing endpoint was shown as retrying, with the reason");
  assert.equal(blends.at(-1)!.blend.fusing, undefined);
});

test("cancel from the notification stops a blend that waits on an endpoint; nothing is saved", async () => {
  server ??= await startOpenAiServer({ apiKey: "sk-test-abc123" });
  vscode.settings.global.set("endpoints", [{ id: "slow", baseUrl: server.url, model: "hang" }]);
  await ctx.secrets.store("answerBlender.apiKey.slow", "sk-test-abc123");
  vscode.ui.quickPicks.push((items) => (items as Array<{ picked?: boolean }>).filter((i) => i.picked));
  writeInPromptEditor("anything");
  vscode.ui.cancelNextProgress = /^Blending answers/;
  assert.equal(await run("answerBlender.askEndpoints"), undefined);
  assert.ok(vscode.ui.messages.some((m) => m.level === "info" && /cancelled/i.test(m.text)));
  assert.equal(api.history.list().length, 0);
});

test("no endpoints configured: Ask Endpoints says where to add them", async () => {
  vscode.ui.messageAnswers.push("Open Settings");
  assert.equal(await run("answerBlender.askEndpoints"), undefined);
  assert.match(vscode.ui.messages[0].text, /answerBlender\.endpoints/);
  assert.ok(vscode.registry.executed.some((e) => e.command === "workbench.action.openSettings"));
});

test("an unknown ranker in the settings fails with a message naming the known ones, and the log link", async () => {
  vscode.settings.global.set("ranker", "nonsense");
  vscode.ui.inputBoxes.push(() => "p");
  assert.equal(await run("answerBlender.blendFiles", undefined, [uri("alpha.md"), uri("beta.md")]), undefined);
  const err = vscode.ui.messages.find((m) => m.level === "error");
  assert.ok(err);
  assert.match(err.text, /unknown ranker "nonsense".*length/);
  assert.deepEqual(err.items, ["Show Log"]);
  await settle();
  assert.ok(panelMessages().some((m) => m.type === "error" && /unknown ranker/.test(m.message)), "the panel shows the failure too");
});

test("the settings reach the engines: plan, aggregator and top K of the blend come from answerBlender.*", async () => {
  vscode.settings.global.set("plan", "bubble");
  vscode.settings.global.set("aggregate", "max-wins");
  vscode.settings.global.set("topK", 2);
  vscode.settings.workspace.set("ranker", "random"); // ranker is a window setting: a workspace may choose it
  vscode.ui.inputBoxes.push(() => "p");
  const record = await run<BlendRecord>("answerBlender.blendFiles", undefined, ["alpha.md", "beta.md", "gamma.txt"].map(uri));
  const r = record.result;
  assert.deepEqual([r.rank.ranker, r.rank.plan, r.rank.aggregate], ["random", "bubble", "max-wins"]);
  assert.ok(r.rank.comparisons < 6, "bubble compares fewer pairs than full");
  assert.equal(r.fused?.topK, 2);
});

test("Insert Fused Answer with no blend yet says so; Cancel from the panel aborts the running blend", async () => {
  assert.equal(await run("answerBlender.insertFused"), false);
  assert.match(vscode.ui.messages[0].text, /No blend yet/);

  server ??= await startOpenAiServer({ apiKey: "sk-test-abc123" });
  vscode.settings.global.set("endpoints", [{ id: "slow", baseUrl: server.url, model: "hang" }]);
  await ctx.secrets.store("answerBlender.apiKey.slow", "sk-test-abc123");
  vscode.ui.quickPicks.push((items) => (items as Array<{ picked?: boolean }>).filter((i) => i.picked));
  writeInPromptEditor("anything");
  const pending = run("answerBlender.askEndpoints");
  for (let i = 0; i < 50 && vscode.registry.panels.length === 0; i++) await settle();
  await settle();
  vscode.registry.panels[0].webview.send({ type: "cancel" });
  assert.equal(await pending, undefined);
  assert.ok(vscode.ui.messages.some((m) => /cancelled/i.test(m.text)));
});

test("judge ranker from the settings: the endpoint judges the pairs; its unparseable verdicts are marked on the blend", async () => {
  server ??= await startOpenAiServer({ apiKey: "sk-test-abc123" });
  vscode.settings.global.set("endpoints", [
    { id: "judge", baseUrl: server.url, model: "judge-long" },
    { id: "garbage", baseUrl: server.url, model: "judge-garbage" },
  ]);
  await ctx.secrets.store("answerBlender.apiKey.judge", "sk-test-abc123");
  await ctx.secrets.store("answerBlender.apiKey.garbage", "sk-test-abc123");
  vscode.settings.global.set("ranker", "judge");
  vscode.settings.global.set("judgeEndpoint", "judge");
  vscode.ui.inputBoxes.push(() => "p");
  const files = ["alpha.md", "beta.md", "gamma.txt"].map(uri);
  const good = await run<BlendRecord>("answerBlender.blendFiles", undefined, files);
  assert.ok(good, JSON.stringify(vscode.ui.messages));
  assert.deepEqual(good.result.rank.ranking.map((c) => c.model), ["gamma", "alpha", "beta"]);
  assert.equal(good.result.rank.ranker, "judge");

  vscode.settings.global.set("judgeEndpoint", "garbage");
  vscode.ui.inputBoxes.push(() => "p");
  const bad = await run<BlendRecord>("answerBlender.blendFiles", undefined, files);
  assert.ok(bad.result.issues.some((i) => /judge/.test(i.where)), JSON.stringify(bad.result.issues));
});

test("cancelled while fusing: the ranking is kept (panel and history) and the cancelled fusion is marked", async () => {
  server ??= await startOpenAiServer({ apiKey: "sk-test-abc123" });
  vscode.settings.global.set("endpoints", [{ id: "stuck", baseUrl: server.url, model: "hang" }]);
  await ctx.secrets.store("answerBlender.apiKey.stuck", "sk-test-abc123");
  vscode.settings.global.set("fuser", "llm");
  vscode.settings.global.set("fuserEndpoint", "stuck");
  vscode.ui.inputBoxes.push(() => "p");
  const pending = run<BlendRecord>("answerBlender.blendFiles", undefined, ["alpha.md", "beta.md"].map(uri));
  for (let i = 0; i < 200 && !(vscode.registry.panels.length && blendsPosted().some((m) => m.blend.fusing)); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(blendsPosted().some((m) => m.blend.fusing), "the ranking was shown while fusing");
  vscode.registry.panels[0].webview.send({ type: "cancel" });
  const record = await pending;
  assert.ok(record);
  assert.equal(record.result.fused, null);
  assert.deepEqual(record.result.rank.ranking.map((c) => c.model), ["alpha", "beta"]);
  assert.ok(record.result.issues.some((i) => i.where === "fuser llm" && /cancelled/.test(i.message)));
  assert.equal(api.history.get(record.blendId)?.result.rank.ranking.length, 2);
  await settle();
  assert.equal(blendsPosted().at(-1)!.blend.fusing, undefined);
});

test("Blend Answers → Files…: a multi-select list of the workspace's answer files; Browse… falls back to the dialog", async () => {
  vscode.ui.quickPicks.push(pickLabel("Files…"), (items) =>
    (items as Array<{ label: string }>).filter((i) => ["prompt.md", "alpha.md", "beta.md", "gamma.txt"].includes(i.label)),
  );
  vscode.ui.inputBoxes.push((o) => o.value);
  const record = await run<BlendRecord>("answerBlender.blend");
  const listed = (vscode.ui.quickPickItems[1] as Array<{ label: string }>).map((i) => i.label);
  assert.equal(listed[0], "Browse…");
  assert.deepEqual(listed.slice(1).sort(), ["alpha.md", "beta.md", "delta.md", "gamma.txt", "prompt.md"]);
  assert.equal(record.result.example.instruction, ANSWERS["prompt.md"]);
  assert.equal(record.result.example.candidates.length, 3);

  vscode.ui.quickPicks.push(pickLabel("Files…"), (items) => [(items as Array<{ label: string }>)[0]]);
  vscode.ui.openDialogs.push([uri("alpha.md"), uri("delta.md")]);
  vscode.ui.inputBoxes.push(() => "p");
  const browsed = await run<BlendRecord>("answerBlender.blend");
  assert.deepEqual(browsed.result.example.candidates.map((c) => c.model).sort(), ["alpha", "delta"]);
});

test("the default fuser (extractive) runs in the extension host and is labelled as a merge of the top K", async () => {
  vscode.settings.global.delete("fuser");
  vscode.ui.inputBoxes.push((o) => o.value);
  const record = await run<BlendRecord>("answerBlender.blendFiles", undefined, ["prompt.md", "alpha.md", "gamma.txt", "delta.md"].map(uri));
  const fused = record.result.fused;
  assert.ok(fused, JSON.stringify(record.result.issues));
  assert.equal(fused.fuser, "extractive");
  assert.equal(fused.topK, 3);
  // These answers share nothing the top one lacks: "From" names answer #1 alone, and it is kept as is.
  assert.deepEqual(fused.sources, [record.result.rank.ranking[0].model]);
  assert.equal(fused.unchanged, true);
  assert.equal(fused.text, record.result.top.text);
});
