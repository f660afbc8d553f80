// Ask Models and Blend, Choose Judge/Fuser Model and the ranker `auto`, end to end through the
// extension with VS Code faked at its edge (vscode.lm's models are scripted or forward to the
// real local OpenAI-compatible test server) and the real engines.
import "../helpers/install-fake-vscode";
import { test, beforeEach, afterEach, after } from "node:test";
import assert from "node:assert/strict";
import * as vscode from "../helpers/fake-vscode";
import { ROOT } from "../helpers/cli";
import { startExtensionSession, stopExtensionSession, type ExtensionSession } from "../helpers/extension-session";
import { chatModel, forwardTo, messageText, streamed, untilCancelled, writeInPromptEditor } from "../helpers/lm-models";
import { startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";
import { ANSWER_A_START, JUDGE_SYSTEM_PROMPT } from "../../src/core/rank/engines/judge-prompt";
import { ANSWERERS_KEY } from "../../src/vscode/model-picker";
import type { CatalogueEntry } from "../../src/vscode/model-catalogue";
import type { BlendRecord, HostToPanel } from "../../src/protocol";

const SHORT = "git revert HEAD";
const MID = "Use git reset HEAD~1: the commit is undone, its changes kept unstaged.";
const LONG = "Run `git reset --soft HEAD~1`. The commit is undone and its changes stay staged, so you can fix them and commit again.";
const FUSED = "Run `git reset --soft HEAD~1`: the last commit is undone and its changes stay staged. `git revert HEAD` instead adds a commit that undoes it.";

type Item = { label: string; description?: string; detail?: string; picked?: boolean; kind?: number; entry?: CatalogueEntry };

let s: ExtensionSession;
let server: OpenAiTestServer | undefined;

const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args) as Promise<T>;
const settle = () => new Promise((r) => setImmediate(r));
const panelMessages = () => vscode.registry.panels.at(-1)!.webview.posted as HostToPanel[];
const pickAll = (items: readonly unknown[]) => (items as Item[]).filter((i) => i.entry);
const pickId = (id: string) => (items: readonly unknown[]) => (items as Item[]).find((i) => i.entry?.id === id);
const refused = () => {
  throw vscode.LanguageModelError.NoPermissions("The user did not allow the extension to use this model.");
};

beforeEach(() => {
  s = startExtensionSession({});
});
afterEach(() => stopExtensionSession(s));
after(async () => server?.close());

test("Ask Models: three VS Code chat models, one refusing → the two answers ranked, the refusal marked with its reason; the pick is remembered", async () => {
  vscode.registry.chatModels = [
    chatModel("gpt-4o", streamed(LONG), { vendor: "copilot", family: "gpt-4o", name: "GPT-4o", maxInputTokens: 64000 }),
    chatModel("claude", streamed(MID), { vendor: "copilot", family: "claude-sonnet", name: "Claude Sonnet", maxInputTokens: 128000 }),
    chatModel("o3", refused, { vendor: "copilot", family: "o3", name: "o3" }),
  ];
  vscode.ui.quickPicks.push(pickAll);
  writeInPromptEditor("How do I undo the last git commit?\n\nI have not pushed yet.");
  const record = await run<BlendRecord>("answerBlender.askModels");
  assert.ok(record, JSON.stringify(vscode.ui.messages));

  const listed = vscode.ui.quickPickItems[0] as Item[];
  assert.equal(listed[0].label, "VS Code chat models");
  assert.equal(listed[0].kind, vscode.QuickPickItemKind.Separator);
  const gpt = listed.find((i) => i.entry?.id === "copilot/gpt-4o")!;
  assert.deepEqual([gpt.label, gpt.description, gpt.detail], ["GPT-4o", "copilot · gpt-4o", "copilot/gpt-4o · 64,000 input tokens"]);
  assert.ok(listed.every((i) => !i.picked), "VS Code models are not preselected the first time");
  assert.equal(vscode.ui.quickPickOptions[0]?.placeHolder, "The picked models answer; their answers are ranked and fused");

  const r = record.result;
  assert.equal(r.example.instruction, "How do I undo the last git commit?\n\nI have not pushed yet.", "the multi-line prompt, whole");
  assert.deepEqual(r.rank.ranking.map((c) => c.model), ["copilot/gpt-4o", "copilot/claude"]);
  assert.deepEqual(r.example.candidates.map((c) => c.text), [LONG, MID]);
  const refusal = r.issues.find((i) => i.endpoint === "copilot/o3");
  assert.ok(refusal, JSON.stringify(r.issues));
  assert.match(refusal.message, /no consent/);
  assert.equal(record.sourceLabel, "3 models");
  // The models were asked the prompt itself, with the justification VS Code shows for consent.
  const req = vscode.registry.chatModels[0].requests[0];
  assert.equal(messageText(req.messages[0]), r.example.instruction);
  assert.match(req.options.justification ?? "", /Answer Blender/);

  // The live view while collecting, its last state with the refusal's reason.
  await settle();
  const firstBlend = panelMessages().findIndex((m) => m.type === "blend");
  const live = panelMessages()
    .slice(0, firstBlend)
    .filter((m): m is Extract<HostToPanel, { type: "collecting" }> => m.type === "collecting");
  assert.ok(live.length > 0, "answers were shown while they arrived");
  const last = live.at(-1)!.answers;
  assert.deepEqual(last.map((a) => [a.name, a.state]), [["copilot/gpt-4o", "done"], ["copilot/claude", "done"], ["copilot/o3", "failed"]]);
  assert.match(last[2].error ?? "", /no consent/);
  const shown = panelMessages().filter((m): m is Extract<HostToPanel, { type: "blend" }> => m.type === "blend").at(-1)!;
  assert.ok(shown.blend.result.issues.some((i) => i.endpoint === "copilot/o3"), "the panel marks the refusal");

  // Remembered: the next Ask Models preselects the same three; the prompt can be the selection now.
  assert.deepEqual(s.ctx.globalState.get(ANSWERERS_KEY), ["copilot/gpt-4o", "copilot/claude", "copilot/o3"]);
  const doc = new vscode.TextDocument(vscode.Uri.file("/ws/notes.md"), "Notes\nHow do I undo a commit?\nEnd");
  const editor = new vscode.TextEditor(doc);
  editor.selections = [new vscode.Selection(new vscode.Position(1, 0), new vscode.Position(1, 23))];
  vscode.setActiveEditor(editor);
  vscode.ui.quickPicks.push((items) => (items as Item[]).filter((i) => i.picked), (items) => (items as Item[])[0]);
  const again = await run<BlendRecord>("answerBlender.askModels");
  assert.deepEqual((vscode.ui.quickPickItems[1] as Item[]).filter((i) => i.picked).map((i) => i.entry?.id), ["copilot/gpt-4o", "copilot/claude", "copilot/o3"]);
  assert.deepEqual((vscode.ui.quickPickItems[2] as Item[]).map((i) => i.label), ["$(selection) Selected text", "$(file) Text of /ws/notes.md", "$(edit) Write the prompt…"]);
  assert.equal(again.result.example.instruction, "How do I undo a commit?");
});

test("judge and fuser chat models: chosen from the list, not asked to answer; ranker auto judges (knockout) and the fused text streams in; the budget is shown first", async () => {
  server ??= await startOpenAiServer();
  const judge = chatModel("judge", forwardTo(server.url, "judge-long"), { vendor: "copilot", name: "Judge" });
  const writer = chatModel("writer", streamed(FUSED, 9), { vendor: "copilot", name: "Writer" });
  vscode.registry.chatModels = [
    chatModel("a", streamed(SHORT), { vendor: "copilot" }),
    chatModel("b", streamed(LONG), { vendor: "copilot" }),
    chatModel("c", streamed(MID), { vendor: "copilot" }),
    judge,
    writer,
  ];
  vscode.settings.global.delete("ranker"); // the default: auto
  vscode.settings.global.set("endpoints", [{ id: "answers-only", baseUrl: server.url, model: "echo-x", roles: ["answer"] }]);

  vscode.ui.quickPicks.push(pickId("copilot/judge"));
  assert.equal(await run("answerBlender.chooseJudgeModel"), "copilot/judge");
  const judgeItems = vscode.ui.quickPickItems[0] as Item[];
  assert.equal(judgeItems[0].label, "$(circle-slash) No judge model");
  assert.ok(!judgeItems.some((i) => i.entry?.id === "answers-only"), "an endpoint without the judge role is not offered as judge");
  assert.equal(vscode.settings.global.get("judgeModel"), "copilot/judge");

  vscode.ui.quickPicks.push(pickId("copilot/writer"));
  assert.equal(await run("answerBlender.chooseFuserModel"), "copilot/writer");
  assert.deepEqual([vscode.settings.global.get("fuserModel"), vscode.settings.global.get("fuser")], ["copilot/writer", "llm"]);

  vscode.ui.quickPicks.push((items) => (items as Item[]).filter((i) => i.entry?.origin === "vscode"));
  writeInPromptEditor("How do I undo the last git commit?");
  const record = await run<BlendRecord>("answerBlender.askModels");
  assert.ok(record, JSON.stringify(vscode.ui.messages));
  const offered = (vscode.ui.quickPickItems[2] as Item[]).filter((i) => i.entry).map((i) => i.entry!.id);
  assert.deepEqual(offered, ["copilot/a", "copilot/b", "copilot/c", "answers-only"], "judge and fuser are not offered as answerers");
  // Said in the placeholder: VS Code draws no separator that has no item after it.
  assert.ok(!(vscode.ui.quickPickItems[2] as Item[]).some((i) => i.kind === vscode.QuickPickItemKind.Separator && /judge|writer/i.test(i.label)));
  assert.equal(vscode.ui.quickPickOptions[2]?.placeHolder, "Not asked to answer: Judge (judge), Writer (fuse)");

  const r = record.result;
  assert.deepEqual(record.rankerChoice, { setting: "auto", used: "judge", judge: "copilot/judge" });
  assert.deepEqual([r.rank.ranker, r.rank.plan, r.rank.comparisons], ["judge", "knockout", 4]);
  assert.equal(r.rank.ranking[0].model, "copilot/b", "the judge (prefers the longer answer) picked the long one");
  assert.ok(!r.example.candidates.some((c) => c.model === "copilot/judge" || c.model === "copilot/writer"), "the judge and the fuser gave no answer");
  assert.equal(judge.requests.length, 4, "knockout over 3 answers: 2 matches, each in both orders");
  assert.ok(judge.requests.every((q) => messageText(q.messages[0]).startsWith(JUDGE_SYSTEM_PROMPT) && messageText(q.messages[0]).includes(ANSWER_A_START)), "the judge only ever saw judge prompts");
  assert.equal(writer.requests.length, 1);
  assert.match(messageText(writer.requests[0].messages[0]), /\[Candidate 1 \(ranked best\)\]/);
  assert.deepEqual([r.fused?.fuser, r.fused?.text, r.fused?.label], ["llm", FUSED, "LLM fusion (Writer)"]);

  // The budget, before anything was asked: in the notification title and the panel's busy line.
  const title = "Blending answers (3 models) · 3 answers + 4 judge calls + 1 fusion";
  assert.ok(vscode.ui.progressTitles.includes(title), JSON.stringify(vscode.ui.progressTitles));
  await settle();
  assert.ok(panelMessages().some((m) => m.type === "busy" && m.busy && m.message === title));
  // The fused text streamed into the panel in several pieces, after the ranking was shown.
  const tokens = panelMessages().filter((m): m is Extract<HostToPanel, { type: "fuseToken" }> => m.type === "fuseToken");
  assert.ok(tokens.length > 3);
  assert.equal(tokens.map((m) => m.text).join(""), FUSED);
  assert.ok(panelMessages().some((m) => m.type === "blend" && m.blend.fusing === true && m.blend.rankerChoice?.used === "judge"));

  // Insert Fused Answer puts it into the editor.
  const editor = new vscode.TextEditor(new vscode.TextDocument(vscode.Uri.file("/ws/answer.md"), ""));
  vscode.setActiveEditor(editor);
  assert.equal(await run("answerBlender.insertFused"), true);
  assert.equal(editor.document.getText(), FUSED);
});

test("a large request budget is confirmed first; declining sends nothing", async () => {
  vscode.registry.chatModels = Array.from({ length: 11 }, (_, i) => chatModel(`m${i}`, streamed(`answer ${i}`), { vendor: "test" }));
  vscode.settings.global.set("samplesPerModel", 3);
  vscode.ui.quickPicks.push(pickAll);
  writeInPromptEditor("Say hi");
  vscode.ui.messageAnswers.push(undefined); // the modal: Cancel
  assert.equal(await run("answerBlender.askModels"), undefined);
  const modal = vscode.ui.messages.at(-1)!;
  assert.match(modal.text, /33 requests to chat models \(33 answers\)/);
  assert.deepEqual(modal.items, ["Send Requests"]);
  assert.equal(vscode.registry.chatModels.reduce((n, m) => n + m.requests.length, 0), 0);

  vscode.ui.quickPicks.push(pickAll);
  writeInPromptEditor("Say hi");
  vscode.ui.messageAnswers.push("Send Requests");
  const record = await run<BlendRecord>("answerBlender.askModels");
  assert.equal(record.result.example.candidates.length, 33);
  assert.equal(record.result.example.candidates[1].model, "test/m0#2", "n samples per model");
});

test("ranker auto without a judge model: the builtin ranker, said so; Rank with a chat model… picks a judge and ranks again; an unavailable judge falls back", async () => {
  await stopExtensionSession(s);
  s = startExtensionSession({}, ROOT);
  vscode.settings.global.delete("ranker");
  server ??= await startOpenAiServer();
  const judge = chatModel("judge", forwardTo(server.url, "judge-long"), { vendor: "copilot", name: "Judge" });
  vscode.registry.chatModels = [judge];

  const first = await run<BlendRecord>("answerBlender.trySample");
  assert.ok(first, JSON.stringify(vscode.ui.messages));
  assert.equal(first.result.rank.ranker, "builtin");
  assert.equal(first.result.rank.plan, "full");
  assert.deepEqual(first.rankerChoice, { setting: "auto", used: "builtin", fallback: "no-judge" });
  assert.equal(judge.requests.length, 0);

  vscode.ui.quickPicks.push(pickId("copilot/judge"));
  vscode.registry.panels[0].webview.send({ type: "rankWithModel", blendId: first.blendId });
  for (let i = 0; i < 400 && s.api.panel.current?.result.rank.ranker !== "judge"; i++) await new Promise((r) => setTimeout(r, 5));
  const again = s.api.panel.current!;
  assert.equal(again.blendId, first.blendId);
  assert.deepEqual(again.rankerChoice, { setting: "judge", used: "judge", judge: "copilot/judge" });
  assert.deepEqual([again.result.rank.plan, again.result.rank.comparisons], ["knockout", 6]);
  assert.equal(judge.requests.length, 6);
  assert.ok(vscode.ui.progressTitles.includes("Re-ranking (knockout, max-logits) · 6 judge calls"), JSON.stringify(vscode.ui.progressTitles));
  assert.equal(s.api.history.get(first.blendId)?.result.rank.ranker, "judge");
  assert.equal(vscode.settings.global.get("judgeModel"), "copilot/judge");

  // The chosen judge goes away: auto ranks with builtin again and says why.
  vscode.setChatModels([]);
  const fallback = await run<BlendRecord>("answerBlender.trySample");
  assert.deepEqual(fallback.rankerChoice, { setting: "auto", used: "builtin", judge: "copilot/judge", fallback: "unavailable" });
});

test("Choose Judge Model → none clears the judge; with an explicit ranker the message offers auto; Choose Fuser Model → none turns the llm fuser off", async () => {
  vscode.registry.chatModels = [chatModel("judge", () => ["A"], { vendor: "copilot" })];
  vscode.settings.global.set("ranker", "builtin");
  vscode.ui.quickPicks.push(pickId("copilot/judge"));
  vscode.ui.messageAnswers.push("Use auto");
  assert.equal(await run("answerBlender.chooseJudgeModel"), "copilot/judge");
  for (let i = 0; i < 5; i++) await settle();
  assert.match(vscode.ui.messages.at(-1)!.text, /ranker setting is builtin/);
  assert.equal(vscode.settings.global.get("ranker"), "auto");

  vscode.settings.global.set("judgeEndpoint", "old-endpoint");
  vscode.ui.quickPicks.push((items) => (items as Item[])[0]);
  assert.equal(await run("answerBlender.chooseJudgeModel"), "");
  assert.equal(vscode.settings.global.get("judgeModel"), undefined);
  assert.equal(vscode.settings.global.get("judgeEndpoint"), undefined, "the older setting no longer names a judge either");

  vscode.settings.global.set("fuser", "llm");
  vscode.settings.global.set("fuserModel", "copilot/judge");
  vscode.ui.quickPicks.push((items) => (items as Item[])[0]);
  assert.equal(await run("answerBlender.chooseFuserModel"), "");
  assert.equal(vscode.settings.global.get("fuser"), undefined);
  assert.equal(vscode.settings.global.get("fuserModel"), undefined);
});

test("the scratch prompt editor: its Ask Models button confirms it; closing it or Cancel in its notification cancels; an empty prompt is refused", async () => {
  const model = chatModel("m", streamed("An answer."), { vendor: "test" });
  vscode.registry.chatModels = [model];
  const waitForEditor = async () => {
    for (let i = 0; i < 50 && !vscode.registry.executed.some((e) => e.command === "setContext" && e.args[1] === true); i++) await settle();
    vscode.registry.executed.length = 0;
    return vscode.workspace.textDocuments.at(-1)!;
  };

  // Closing the editor cancels.
  vscode.ui.quickPicks.push(pickAll);
  const closed = run("answerBlender.askModels");
  vscode.closeDocument(await waitForEditor());
  assert.equal(await closed, undefined);

  // The notification says what to do while the editor waits; it is a progress notification,
  // which VS Code closes once the prompt is sent or dropped (a message would stay behind). Its Cancel cancels.
  assert.equal(vscode.ui.progressTitles.at(-1), "Write the prompt in the new editor, then choose Ask Models in its title bar.");
  assert.ok(!vscode.ui.messages.some((m) => /Write the prompt/.test(m.text)), "no message that outlives the prompt");
  vscode.ui.quickPicks.push(pickAll);
  vscode.ui.cancelNextProgress = true;
  assert.equal(await run("answerBlender.askModels"), undefined);
  assert.ok(vscode.registry.executed.some((e) => e.command === "setContext" && e.args[0] === "answerBlender.writingPrompt" && e.args[1] === false));
  assert.equal(model.requests.length, 0);
  vscode.registry.executed.length = 0;

  // Empty: a warning, and it keeps waiting; then typed and confirmed from the editor's title bar.
  vscode.ui.quickPicks.push(pickAll);
  const pending = run<BlendRecord>("answerBlender.askModels");
  const doc = await waitForEditor();
  assert.equal(doc.languageId, "markdown");
  await run("answerBlender.sendPrompt");
  assert.match(vscode.ui.messages.at(-1)!.text, /prompt is empty/);
  doc.setText("Line one\nline two");
  await run("answerBlender.sendPrompt");
  const record = await pending;
  assert.equal(record.result.example.instruction, "Line one\nline two");
  assert.equal(model.requests.length, 1);
  assert.ok(vscode.registry.executed.some((e) => e.command === "setContext" && e.args[0] === "answerBlender.writingPrompt" && e.args[1] === false));
  // Sent: its scratch editor (the active one) is closed without VS Code's "save changes?" question.
  assert.ok(vscode.registry.executed.some((e) => e.command === "workbench.action.revertAndCloseActiveEditor"));
  // The scratch editor is never where answers go: with no other editor, Insert opens a new one.
  assert.equal(await run("answerBlender.insertFused"), false);
  assert.equal(doc.getText(), "Line one\nline two");
  assert.equal(vscode.workspace.textDocuments.at(-1)!.getText(), "An answer.");
});

test("no chat models and no endpoints: Ask Models says where they come from", async () => {
  vscode.ui.messageAnswers.push("Open Settings");
  assert.equal(await run("answerBlender.askModels"), undefined);
  assert.match(vscode.ui.messages[0].text, /No chat models to ask.*answerBlender\.endpoints/);
  assert.ok(vscode.registry.executed.some((e) => e.command === "workbench.action.openSettings"));
});

test("Choose Judge Model… offers the council: the models that answer rank each other's answers; a model or none afterwards ends it", async () => {
  const text: Record<string, string> = { a: "Answer a.", b: "Answer b, the best.", c: "Answer c, worst." };
  const order = ["b", "a", "c"];
  const srv = await startOpenAiServer({ judgeOrder: order.map((id) => text[id]), answers: Object.fromEntries(Object.keys(text).map((id) => [`council-${id}`, text[id]])) });
  try {
    vscode.registry.chatModels = Object.keys(text).map((id) => chatModel(id, forwardTo(srv.url, `council-${id}`)));
    const council = (items: readonly unknown[]) => (items as Array<Item & { council?: boolean }>).find((i) => i.council);
    vscode.ui.quickPicks.push(council);
    assert.equal(await run("answerBlender.chooseJudgeModel"), "#council");
    const offered = vscode.ui.quickPickItems.at(-1) as Item[];
    assert.deepEqual(offered.slice(0, 2).map((i) => i.label), ["$(circle-slash) No judge model", "$(organization) Council of the answering models"]);
    assert.equal(vscode.settings.global.get("ranker"), "council");

    vscode.ui.quickPicks.push(pickAll);
    writeInPromptEditor("Which answer is best?");
    const record = await run<BlendRecord>("answerBlender.askModels");
    assert.ok(record, JSON.stringify(vscode.ui.messages));
    assert.equal(record.result.rank.ranker, "council");
    assert.deepEqual(record.result.rank.ranking.map((r) => r.model), order.map((id) => `test/${id}`));
    assert.deepEqual(record.result.rank.ballots?.judges.map((j) => j.judge), ["test/a", "test/b", "test/c"]);
    assert.equal(srv.requests.length, 6, "three answers, then one ballot from each model");

    // Picked again: the council is marked current; No judge model turns it off (auto: builtin without a judge).
    vscode.ui.quickPicks.push((items) => (items as Item[])[0]);
    assert.equal(await run("answerBlender.chooseJudgeModel"), "");
    assert.equal((vscode.ui.quickPickItems.at(-1) as Item[])[1].description, "(current)");
    assert.equal(vscode.settings.global.get("ranker"), "auto");
  } finally {
    await srv.close();
  }
});

test("Ask Models cancelled while one model still answers: the message offers to rank the two answers that arrived; that ranks them without asking again", async () => {
  let started = 0;
  const a = chatModel("a", streamed(SHORT), { vendor: "copilot" });
  const b = chatModel("b", streamed(LONG), { vendor: "copilot" });
  const hang = chatModel("hang", untilCancelled(() => started++), { vendor: "copilot" });
  vscode.registry.chatModels = [a, b, hang];
  vscode.ui.quickPicks.push(pickAll);
  writeInPromptEditor("How do I undo a commit?");
  vscode.ui.messageAnswers.push((text) => (text === "Blend cancelled." ? "Rank the 2 answers that arrived" : undefined));
  const pending = run<BlendRecord | undefined>("answerBlender.askModels");
  for (let i = 0; i < 400 && !(started === 1 && a.requests.length && b.requests.length); i++) await settle();
  for (let i = 0; i < 40; i++) await settle();
  await run("answerBlender.cancelBlend");
  assert.equal(await pending, undefined);
  for (let i = 0; i < 400 && s.api.history.list().length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  const msg = vscode.ui.messages.find((m) => m.text === "Blend cancelled.")!;
  assert.deepEqual(msg.items, ["Rank the 2 answers that arrived"]);
  const [record] = s.api.history.list();
  assert.ok(record, "the arrived answers were blended");
  assert.deepEqual(record.result.example.candidates.map((c) => c.model), ["copilot/a", "copilot/b"]);
  assert.deepEqual(record.result.issues.map((i) => [i.endpoint, i.message]), [["copilot/hang", "stopped before it answered"]]);
  assert.equal(record.sourceLabel, "3 models · 2 of 3 answers");
  assert.deepEqual([a, b, hang].map((m) => m.requests.length), [1, 1, 1], "no model was asked again");
});
