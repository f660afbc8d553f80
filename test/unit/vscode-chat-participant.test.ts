// The @blend chat participant end to end through the extension, with VS Code's chat API faked at
// its edge (a recording response stream, requests with history, references and a cancellation
// token) and the real engines; chat models are scripted or forward to the real local
// OpenAI-compatible test server (the judge reads the real judge prompt).
import "../helpers/install-fake-vscode";
import { test, beforeEach, afterEach, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as vscode from "../helpers/fake-vscode";
import { startExtensionSession, stopExtensionSession, type ExtensionSession } from "../helpers/extension-session";
import { chatModel, forwardTo, messageText, streamed, untilCancelled } from "../helpers/lm-models";
import { startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";
import { JUDGE_SYSTEM_PROMPT } from "../../src/core/rank/engines/judge-prompt";
import { ANSWERERS_KEY } from "../../src/vscode/model-picker";
import { PARTICIPANT_ID, type BlendChatMetadata } from "../../src/vscode/chat-participant";
import type { CatalogueEntry } from "../../src/vscode/model-catalogue";
import type { BlendRecord, HostToPanel } from "../../src/protocol";
import { formatScore } from "../../src/core/numbers";

const QUESTION = "How do I undo the last git commit?";
const SHORT = "git revert HEAD";
const LONG = "Run `git reset --soft HEAD~1`. The commit is undone and its changes stay staged, so you can fix them and commit again.";
const FUSED = "Run `git reset --soft HEAD~1`: the last commit is undone and its changes stay staged. `git revert HEAD` instead adds a commit that undoes it.";

type Item = { label: string; description?: string; detail?: string; picked?: boolean; kind?: number; entry?: CatalogueEntry; uri?: vscode.Uri };

let s: ExtensionSession;
let server: OpenAiTestServer | undefined;

const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args) as Promise<T>;
const settle = () => new Promise((r) => setImmediate(r));
const pickIds = (...ids: string[]) => (items: readonly unknown[]) => (items as Item[]).filter((i) => i.entry && ids.includes(i.entry.id));
const pickId = (id: string) => (items: readonly unknown[]) => (items as Item[]).find((i) => i.entry?.id === id);
const refused = () => {
  throw vscode.LanguageModelError.NoPermissions("The user did not allow the extension to use this model.");
};
const ask = (prompt: string, model: vscode.FakeLanguageModelChat, init: { command?: string; references?: vscode.ChatPromptReference[] } = {}, opts: Parameters<typeof vscode.sendToParticipant>[2] = {}) =>
  vscode.sendToParticipant(PARTICIPANT_ID, vscode.chatRequest({ prompt, model, ...init }), opts);
const meta = (r: { result: vscode.ChatResult }) => r.result.metadata as unknown as BlendChatMetadata;

/** The kinds of the streamed parts, consecutive Markdown parts counted once. */
function shape(stream: vscode.FakeChatResponseStream): string[] {
  const kinds = stream.parts.map((p) =>
    p instanceof vscode.ChatResponseMarkdownPart ? "markdown" : p instanceof vscode.ChatResponseProgressPart ? "progress" : p instanceof vscode.ChatResponseCommandButtonPart ? "button" : p instanceof vscode.ChatResponseReferencePart ? "reference" : "anchor",
  );
  return kinds.filter((k, i) => !(k === "markdown" && kinds[i - 1] === "markdown"));
}

/** The Markdown table rows of the reply, as cells. */
function tableRows(stream: vscode.FakeChatResponseStream): string[][] {
  return stream.text
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

beforeEach(() => {
  s = startExtensionSession({ "alpha.md": LONG, "beta.md": SHORT, "notes.md": "line one\nline two\nline three\n" });
});
afterEach(() => stopExtensionSession(s));
after(async () => server?.close());

test("@blend before any model is chosen: the chat's own model answers alone, with a pointer to /models; the reply is a normal blend", async () => {
  const model = chatModel("alpha", streamed(LONG), { vendor: "copilot", name: "Alpha" });
  vscode.registry.chatModels = [model];
  const r = await ask(QUESTION, model);
  assert.equal(r.result.errorDetails, undefined, JSON.stringify(r.result));

  assert.deepEqual(shape(r.stream), ["progress", "markdown", "button", "button"]);
  assert.deepEqual(r.stream.progressLines, ["Asking Alpha…"]);
  assert.equal(model.requests.length, 1);
  assert.equal(messageText(model.requests[0].messages[0]), QUESTION);
  assert.ok(r.stream.text.startsWith("**#1 · copilot/alpha**\n\n" + LONG), r.stream.text);
  assert.match(r.stream.text, /Only the chat's model \(Alpha\) was asked\. Choose the models that answer with \/models\./);
  assert.deepEqual(tableRows(r.stream), [
    ["#", "model", "score", "note"],
    ["---:", "---", "---:", "---"],
    ["1", "copilot/alpha", "0.000", ""],
  ]);

  const m = meta(r);
  assert.deepEqual([m.command, m.asked, m.chatModelOnly], ["blend", 1, true]);
  const record = s.api.history.get(m.blendId!);
  assert.ok(record, "in Recent Blends");
  assert.equal(record.sourceLabel, "@blend · 1 model");
  assert.equal(record.result.fused, null, "one answer: nothing to fuse");
  assert.deepEqual(r.stream.buttons.map((b) => [b.command, b.title, b.arguments]), [
    ["answerBlender.showBlend", "Show ranking and matrix", [m.blendId]],
    ["answerBlender.insertFused", "Insert", [m.blendId]],
  ]);
  assert.deepEqual(r.followups, [
    { prompt: "", command: "models", label: "Choose the models that answer" },
    { prompt: "Make the answer shorter" },
    { prompt: "Give an example" },
  ]);
});

test("@blend with the remembered models, a judge and a fuser model: progress, the fused answer streamed, the ranking table with the refusal marked, buttons that work, history as context", async () => {
  server ??= await startOpenAiServer();
  const judge = chatModel("judge", forwardTo(server.url, "judge-long"), { vendor: "copilot", name: "Judge" });
  const writer = chatModel("writer", streamed(FUSED, 9), { vendor: "copilot", name: "Writer" });
  const a = chatModel("a", streamed(SHORT), { vendor: "copilot" });
  const b = chatModel("b", streamed(LONG), { vendor: "copilot" });
  const o3 = chatModel("o3", refused, { vendor: "copilot" });
  const chatsOwn = chatModel("own", streamed("not asked"), { vendor: "copilot" });
  vscode.registry.chatModels = [a, b, o3, judge, writer, chatsOwn];
  vscode.settings.global.delete("ranker"); // auto
  vscode.settings.global.set("judgeModel", "copilot/judge");
  vscode.settings.global.set("fuser", "llm");
  vscode.settings.global.set("fuserModel", "copilot/writer");
  await s.ctx.globalState.update(ANSWERERS_KEY, ["copilot/a", "copilot/b", "copilot/o3", "copilot/gone"]);

  const r = await ask(QUESTION, chatsOwn);
  assert.equal(r.result.errorDetails, undefined, JSON.stringify(r.result));
  assert.equal(chatsOwn.requests.length, 0, "the chat's own model is not asked when models are chosen");
  assert.deepEqual(r.stream.progressLines, ["Asking 3 models…", "Ranking 2 answers…", "Fusing the top 2 answers…"]);
  assert.deepEqual(shape(r.stream), ["progress", "progress", "progress", "markdown", "button", "button", "button"]);

  // The fused text arrived in parts, as the fuser model streamed it, as untrusted Markdown.
  const md = r.stream.parts.filter((p): p is vscode.ChatResponseMarkdownPart => p instanceof vscode.ChatResponseMarkdownPart);
  assert.ok(md.length > 5);
  assert.ok(r.stream.text.startsWith(FUSED + "\n\n"), r.stream.text);
  assert.ok(md.every((p) => p.value.isTrusted !== true && !p.value.supportHtml && !p.value.supportThemeIcons), "no part is trusted");
  assert.match(r.stream.text, /\*Fused by LLM fusion \(Writer\) from the top 2 of 2 answers; ranked by the judge model copilot\/judge, 2 comparisons\.\*/);
  const scores = s.api.history.get(meta(r).blendId!)!.result.rank.ranking.map((x) => formatScore(x.score));
  assert.deepEqual(tableRows(r.stream).slice(2), [
    ["1", "copilot/b", scores[0], "in the fused answer"],
    ["2", "copilot/a", scores[1], "in the fused answer"],
    ["—", "copilot/o3", "—", "⚠ failed: no consent (The user did not allow the extension to use this model.)"],
  ]);
  assert.equal(scores[0], "4.000", "the judge preferred the long answer in both orders");
  assert.match(r.stream.text, /Not available now, so not asked: `copilot\/gone`/);
  assert.equal(judge.requests.length, 2, "knockout over 2 answers: one match, both orders");
  assert.ok(judge.requests.every((q) => messageText(q.messages[0]).startsWith(JUDGE_SYSTEM_PROMPT)));

  const { blendId } = meta(r);
  const record = s.api.history.get(blendId!)!;
  assert.equal(record.result.fused?.text, FUSED);
  assert.equal(record.sourceLabel, "@blend · 3 models");
  assert.deepEqual(r.stream.buttons.map((x) => [x.command, x.title, x.arguments]), [
    ["answerBlender.showBlend", "Show ranking and matrix", [blendId]],
    ["answerBlender.insertFused", "Insert", [blendId]],
    ["answerBlender.useAnswer", "Use answer #2…", [blendId, 2]],
  ]);

  // The buttons: the panel opens on this blend; Insert writes the fused answer; Use answer #2… offers #2 first.
  const [show, insert, use] = r.stream.buttons;
  assert.equal(vscode.registry.panels.length, 0, "the reply did not open the panel by itself");
  assert.equal(await run(show.command, ...show.arguments!), true);
  await settle();
  const posted = vscode.registry.panels[0].webview.posted as HostToPanel[];
  assert.ok(posted.some((p) => p.type === "blend" && p.blend.blendId === blendId));
  const editor = new vscode.TextEditor(new vscode.TextDocument(vscode.Uri.file("/ws/answer.md"), ""));
  vscode.setActiveEditor(editor);
  assert.equal(await run(insert.command, ...insert.arguments!), true);
  assert.equal(editor.document.getText(), FUSED);
  const other = new vscode.TextEditor(new vscode.TextDocument(vscode.Uri.file("/ws/other.md"), ""));
  vscode.setActiveEditor(other);
  vscode.ui.quickPicks.push((items) => (items as Item[])[0]);
  assert.equal(await run(use.command, ...use.arguments!), true);
  assert.deepEqual((vscode.ui.quickPickItems.at(-1) as Item[]).map((i) => i.label), ["#2 copilot/a", "#1 copilot/b"]);
  assert.equal(other.document.getText(), SHORT);

  // Exportable like any blend.
  vscode.ui.quickPicks.push((items) => (items as Item[]).find((i) => i.label === "Markdown report"));
  vscode.ui.saveDialogs.push(vscode.Uri.file(s.tree.path("report.md")));
  vscode.ui.messageAnswers.push(undefined);
  await run("answerBlender.exportBlend", blendId);
  assert.match(readFileSync(s.tree.path("report.md"), "utf8"), /git reset --soft HEAD~1/);

  // A follow-up carries the conversation: the question and the fused answer (not the table).
  const history = [new vscode.ChatRequestTurn(QUESTION, undefined, [], PARTICIPANT_ID), r.stream.turn(JSON.parse(JSON.stringify(r.result)), PARTICIPANT_ID)];
  const second = await ask("And if I already pushed?", chatsOwn, {}, { history });
  assert.equal(second.result.errorDetails, undefined);
  const sent = a.requests.at(-1)!.messages;
  assert.deepEqual(
    sent.map((m) => [m.role, messageText(m)]),
    [
      [vscode.LanguageModelChatMessageRole.User, QUESTION],
      [vscode.LanguageModelChatMessageRole.Assistant, FUSED],
      [vscode.LanguageModelChatMessageRole.User, "And if I already pushed?"],
    ],
  );
  assert.equal(s.api.history.list().length, 2);
});

test("/models picks the answer, judge and fuser models (remembered for Ask Models too); @blend then asks them", async () => {
  const a = chatModel("a", streamed(SHORT), { vendor: "copilot" });
  const b = chatModel("b", streamed(LONG), { vendor: "copilot" });
  const judge = chatModel("judge", () => ["A"], { vendor: "copilot" });
  vscode.registry.chatModels = [a, b, judge];
  vscode.ui.quickPicks.push(pickIds("copilot/a", "copilot/b"), pickId("copilot/judge"), (items) => (items as Item[])[0]);
  const r = await ask("", a, { command: "models" });
  assert.equal(vscode.ui.quickPickOptions[0]?.canPickMany, true);
  assert.equal(vscode.ui.quickPickOptions[1]?.title, "Judge model: which model ranks the answers?");
  assert.equal(vscode.ui.quickPickOptions[2]?.title, "Fuser model: which model writes the fused answer?");
  assert.deepEqual(s.ctx.globalState.get(ANSWERERS_KEY), ["copilot/a", "copilot/b"]);
  assert.equal(vscode.settings.global.get("judgeModel"), "copilot/judge");
  assert.equal(r.stream.text, "- Answer models: `copilot/a`, `copilot/b`\n- Judge: `copilot/judge`\n- Fuser: none (the top-ranked answer as it is)\n\n");
  assert.deepEqual([meta(r).command, meta(r).asked], ["models", 2]);
  assert.deepEqual(r.followups, []);

  vscode.settings.global.set("ranker", "length");
  const blend = await ask(QUESTION, judge);
  assert.deepEqual(blend.stream.progressLines, ["Asking 2 models…", "Ranking 2 answers…", "Fusing the top 2 answers…"]);
  assert.deepEqual([a.requests.length, b.requests.length, judge.requests.length], [1, 1, 0], "the judge is not asked to answer");

  // Cancelled at the first pick: nothing changes.
  vscode.ui.quickPicks.push(() => undefined);
  const cancelled = await ask("", a, { command: "models" });
  assert.equal(cancelled.stream.text, "No change: the answer models were not chosen.\n\n");
  assert.deepEqual(s.ctx.globalState.get(ANSWERERS_KEY), ["copilot/a", "copilot/b"]);
});

test("/rank asks and ranks without fusing: the fuser model is not asked; the top answer is shown under its rank", async () => {
  const a = chatModel("a", streamed(SHORT), { vendor: "copilot" });
  const b = chatModel("b", streamed(LONG), { vendor: "copilot" });
  const writer = chatModel("writer", streamed(FUSED), { vendor: "copilot" });
  vscode.registry.chatModels = [a, b, writer];
  vscode.settings.global.set("fuser", "llm");
  vscode.settings.global.set("fuserModel", "copilot/writer");
  await s.ctx.globalState.update(ANSWERERS_KEY, ["copilot/a", "copilot/b"]);
  const r = await ask(QUESTION, a, { command: "rank" });
  assert.equal(r.result.errorDetails, undefined, JSON.stringify(r.result));
  assert.deepEqual(r.stream.progressLines, ["Asking 2 models…", "Ranking 2 answers…"]);
  assert.equal(writer.requests.length, 0);
  assert.ok(r.stream.text.startsWith(`**#1 · copilot/b**\n\n${LONG}\n\n*The top-ranked of 2 answers; ranked by the length ranker, 2 comparisons.*`), r.stream.text);
  const record = s.api.history.get(meta(r).blendId!)!;
  assert.deepEqual(tableRows(r.stream).slice(2), [
    ["1", "copilot/b", formatScore(record.result.rank.ranking[0].score), ""],
    ["2", "copilot/a", formatScore(record.result.rank.ranking[1].score), ""],
  ]);
  assert.ok(record.result.rank.ranking[0].score > 0);
  assert.equal(record.result.fused, null);
  assert.equal(meta(r).command, "rank");
  assert.deepEqual(r.stream.buttons.map((x) => x.title), ["Show ranking and matrix", "Insert", "Use answer #2…"]);
  assert.match(r.stream.buttons[1].tooltip ?? "", /top-ranked answer/);
});

test("/files blends the files referenced with #file (Uri and Location values); the message without the references is the prompt; without references the files are picked", async () => {
  const model = chatModel("m", streamed("unused"), { vendor: "copilot" });
  vscode.registry.chatModels = [model];
  const alpha = vscode.Uri.file(s.tree.path("alpha.md"));
  const beta = vscode.Uri.file(s.tree.path("beta.md"));
  const notes = new vscode.Location(vscode.Uri.file(s.tree.path("notes.md")), new vscode.Range(new vscode.Position(1, 0), new vscode.Position(2, 10)));
  const prompt = `Which is right? #file:alpha.md #file:beta.md`;
  const refs: vscode.ChatPromptReference[] = [
    // VS Code lists them last first.
    { id: "vscode.file", range: [prompt.indexOf("#file:beta"), prompt.length], value: beta },
    { id: "vscode.file", range: [prompt.indexOf("#file:alpha"), prompt.indexOf(" #file:beta")], value: alpha },
  ];
  const r = await ask(prompt, model, { command: "files", references: refs });
  assert.equal(r.result.errorDetails, undefined, JSON.stringify(r.result));
  assert.equal(model.requests.length, 0, "no model is asked: the files are the answers");
  const record = s.api.history.get(meta(r).blendId!)!;
  assert.equal(record.result.example.instruction, "Which is right?");
  assert.deepEqual(record.result.rank.ranking.map((x) => x.model), ["alpha", "beta"]);
  assert.equal(record.sourceLabel, "@blend · 2 files");
  assert.deepEqual(r.stream.progressLines, ["Reading 2 files…", "Ranking 2 answers…", "Fusing the top 2 answers…"]);
  assert.deepEqual(shape(r.stream), ["progress", "reference", "reference", "progress", "progress", "markdown", "button", "button", "button"]);
  assert.deepEqual(r.stream.parts.filter((p) => p instanceof vscode.ChatResponseReferencePart).map((p) => (p.value as vscode.Uri).path), [alpha.path, beta.path]);
  assert.ok(r.stream.text.startsWith(LONG), "the none fuser: the top answer as the fused one");

  // A selection (Location) is one answer: its text.
  const withRange = await ask("Which is right?", model, { command: "files", references: [{ id: "vscode.selection", value: notes }, { id: "vscode.file", value: beta }] });
  const ranged = s.api.history.get(meta(withRange).blendId!)!;
  assert.deepEqual(ranged.result.example.candidates.map((c) => [c.model, c.text]), [["notes:2-3", "line two\nline three"], ["beta", SHORT]]);

  // No references: the workspace's answer files are offered.
  vscode.ui.quickPicks.push((items) => (items as Item[]).filter((i) => i.label === "alpha.md" || i.label === "beta.md"));
  const picked = await ask("Which one?", model, { command: "files" });
  assert.deepEqual(s.api.history.get(meta(picked).blendId!)!.result.example.candidates.map((c) => c.model), ["alpha", "beta"]);
  assert.equal(vscode.ui.quickPickOptions.at(-1)?.canPickMany, true);

  // No prompt anywhere: said in the chat's error.
  const none = await ask("#file:alpha.md", model, { command: "files", references: [{ id: "vscode.file", range: [0, 14], value: alpha }] });
  assert.match(none.result.errorDetails?.message ?? "", /no prompt for alpha\.md: write the question with the files/);
});

test("files referenced in a question are sent to the models with it, under their names", async () => {
  const model = chatModel("m", streamed(SHORT), { vendor: "copilot", name: "M" });
  vscode.registry.chatModels = [model];
  const notes = vscode.Uri.file(s.tree.path("notes.md"));
  const prompt = "Summarise #file:notes.md";
  const r = await ask(prompt, model, { references: [{ id: "vscode.file", range: [10, prompt.length], value: notes }] });
  assert.equal(r.result.errorDetails, undefined);
  assert.equal(messageText(model.requests[0].messages[0]), "Summarise `notes.md`\n\nnotes.md:\n```\nline one\nline two\nline three\n\n```");
  assert.ok(r.stream.parts[0] instanceof vscode.ChatResponseReferencePart);
  assert.equal(s.api.history.get(meta(r).blendId!)!.result.example.instruction, "Summarise `notes.md`");
});

test("stopped with two of three answers in: the reply offers to rank those two; the button ranks them in the panel, the third marked, without asking again", async () => {
  let started = 0;
  const a = chatModel("a", streamed(SHORT), { vendor: "copilot" });
  const b = chatModel("b", streamed(LONG), { vendor: "copilot" });
  const hang = chatModel("hang", untilCancelled(() => started++), { vendor: "copilot" });
  vscode.registry.chatModels = [a, b, hang];
  await s.ctx.globalState.update(ANSWERERS_KEY, ["copilot/a", "copilot/b", "copilot/hang"]);
  const cts = new vscode.CancellationTokenSource();
  const pending = ask(QUESTION, a, {}, { token: cts.token });
  for (let i = 0; i < 400 && (started < 1 || a.requests.length === 0 || b.requests.length === 0); i++) await settle();
  for (let i = 0; i < 40; i++) await settle();
  cts.cancel();
  const r = await pending;
  assert.match(r.stream.text, /Stopped while asking the models: 2 of 3 had answered \(`copilot\/a`, `copilot\/b`\)/);
  assert.equal(s.api.history.list().length, 0, "nothing saved until asked to");
  assert.deepEqual(r.stream.buttons.map((x) => [x.command, x.title]), [["answerBlender.rankArrived", "Rank the 2 answers that arrived"]]);

  const record = await run<BlendRecord>(r.stream.buttons[0].command, ...(r.stream.buttons[0].arguments ?? []));
  assert.ok(record, JSON.stringify(vscode.ui.messages));
  assert.deepEqual(record.result.example.candidates.map((c) => [c.model, c.text]), [["copilot/a", SHORT], ["copilot/b", LONG]]);
  assert.deepEqual(record.result.issues.map((i) => [i.endpoint, i.message]), [["copilot/hang", "stopped before it answered"]]);
  assert.equal(record.result.rank.ranking.length, 2);
  assert.equal(record.result.example.instruction, QUESTION);
  assert.equal(record.sourceLabel, "@blend · 3 models · 2 of 3 answers");
  assert.deepEqual([a, b, hang].map((m) => m.requests.length), [1, 1, 1], "no model was asked again");
  assert.equal(s.api.history.list()[0].blendId, record.blendId, "a normal blend, in Recent Blends");
  assert.equal(await run("answerBlender.rankArrived", "gone"), undefined);
  assert.match(vscode.ui.messages.at(-1)!.text, /no longer kept/);
});

test("the stop button cancels every request: while asking, nothing is ranked and the reply says who had answered; while fusing, the ranking is kept and the cut-off answer marked", async () => {
  let started = 0;
  const fast = chatModel("fast", streamed(SHORT), { vendor: "copilot" });
  const hangs = [1, 2].map((i) => chatModel(`hang${i}`, untilCancelled(() => started++), { vendor: "copilot" }));
  vscode.registry.chatModels = [fast, ...hangs];
  await s.ctx.globalState.update(ANSWERERS_KEY, ["copilot/fast", "copilot/hang1", "copilot/hang2"]);
  const cts = new vscode.CancellationTokenSource();
  const pending = ask(QUESTION, fast, {}, { token: cts.token });
  for (let i = 0; i < 200 && (started < 2 || fast.requests.length === 0); i++) await settle();
  for (let i = 0; i < 20; i++) await settle();
  cts.cancel();
  const r = await pending;
  assert.ok(hangs.every((m) => m.requests.length === 1 && m.requests[0].token.isCancellationRequested), "every request was cancelled");
  assert.equal(meta(r).cancelled, true);
  assert.match(r.stream.text, /Stopped while asking the models: 1 of 3 had answered \(`copilot\/fast`\); nothing was ranked or saved\./);
  assert.equal(s.api.history.list().length, 0);
  assert.deepEqual(r.followups, []);
  assert.deepEqual(r.stream.buttons, [], "one answer is nothing to rank");

  // Stopped while the fuser writes: what it wrote stays, marked; the ranking is saved.
  let tokens = 0;
  const stopAfter = new vscode.CancellationTokenSource();
  const writer = chatModel("writer", (req) =>
    (async function* () {
      for (const c of ["Part one, ", "part two, ", "part three."]) {
        await new Promise((res) => setImmediate(res));
        if (++tokens === 2) stopAfter.cancel();
        if (req.token.isCancellationRequested) throw new vscode.CancellationError();
        yield c;
      }
    })(),
  );
  vscode.registry.chatModels = [fast, chatModel("b", streamed(LONG), { vendor: "copilot" }), writer];
  vscode.setChatModels(vscode.registry.chatModels);
  await s.ctx.globalState.update(ANSWERERS_KEY, ["copilot/fast", "copilot/b"]);
  vscode.settings.global.set("fuser", "llm");
  vscode.settings.global.set("fuserModel", "test/writer");
  const cut = await ask(QUESTION, fast, {}, { token: stopAfter.token });
  assert.equal(cut.result.errorDetails, undefined, JSON.stringify(cut.result));
  assert.ok(cut.stream.text.startsWith("Part one, "), cut.stream.text);
  assert.match(cut.stream.text, /⚠ The fusion did not finish: the answer above is cut off\./);
  assert.match(cut.stream.text, /⚠ fuser llm: fusion cancelled/);
  const saved = s.api.history.get(meta(cut).blendId!)!;
  assert.equal(saved.result.fused, null);
  assert.ok(saved.result.issues.some((i) => i.message === "fusion cancelled"));
  assert.equal(cut.stream.buttons.length, 3);
});

test("a failing model is marked and the others are blended; when every model fails the chat says why", async () => {
  const ok = chatModel("ok", streamed(LONG), { vendor: "copilot" });
  const blocked = chatModel("blocked", () => {
    throw vscode.LanguageModelError.Blocked("Blocked by policy");
  }, { vendor: "copilot" });
  vscode.registry.chatModels = [ok, blocked];
  await s.ctx.globalState.update(ANSWERERS_KEY, ["copilot/ok", "copilot/blocked"]);
  const r = await ask(QUESTION, ok);
  assert.deepEqual(tableRows(r.stream).slice(2), [
    ["1", "copilot/ok", "0.000", "in the fused answer"],
    ["—", "copilot/blocked", "—", "⚠ failed: blocked (Blocked by policy)"],
  ]);
  assert.equal(r.stream.buttons.length, 2, "one answer: no #2 to use");

  await s.ctx.globalState.update(ANSWERERS_KEY, ["copilot/blocked"]);
  const failed = await ask(QUESTION, ok);
  assert.match(failed.result.errorDetails?.message ?? "", /no model answered \(copilot\/blocked: blocked \(Blocked by policy\)\)/);
  assert.equal(s.api.history.list().length, 1);
});

test("model text cannot become command links: answers stream as untrusted Markdown, model names are escaped in the table", async () => {
  const evil = "Click [here](command:workbench.action.terminal.new) or <a href=\"command:x\">this</a> $(zap)";
  const weird = chatModel("x](command:evil)|y", streamed(evil), { vendor: "copilot", name: "**Bold** [x](command:evil)" });
  vscode.registry.chatModels = [weird];
  const r = await ask("Hi", weird);
  const md = r.stream.parts.filter((p): p is vscode.ChatResponseMarkdownPart => p instanceof vscode.ChatResponseMarkdownPart);
  assert.ok(md.every((p) => p.value.isTrusted === false && p.value.supportHtml === false && p.value.supportThemeIcons === false));
  assert.ok(r.stream.text.includes(evil), "the answer itself is shown as written, untrusted");
  const row = r.stream.text.split("\n").find((l) => l.startsWith("| 1 |"))!;
  assert.equal(row, "| 1 | copilot/x\\](command:evil)\\|y | 0.000 |  |");
  assert.match(r.stream.text, /Only the chat's model \(\\\*\\\*Bold\\\*\\\* \\\[x\\\]\(command:evil\)\) was asked/);
  assert.ok(!/(^|[^\\])\[[^\]]*\]\(command:/.test(r.stream.text.replace(evil, "")), "no unescaped command link outside the model's own text");
});

test("an empty question gets a hint; the participant is registered with its icons and follow-ups", async () => {
  const model = chatModel("m", streamed("x"), { vendor: "copilot" });
  const r = await ask("  ", model);
  assert.match(r.stream.text, /Ask a question after @blend/);
  assert.equal(model.requests.length, 0);
  const p = vscode.registry.chatParticipants.get(PARTICIPANT_ID)!;
  const icons = p.iconPath as { light: vscode.Uri; dark: vscode.Uri };
  assert.deepEqual([icons.light.path, icons.dark.path], ["/ext/media/chat-light.svg", "/ext/media/chat-dark.svg"]);
  assert.ok(p.followupProvider);
  const pkg = JSON.parse(readFileSync("package.json", "utf8"));
  const contributed = pkg.contributes.chatParticipants[0];
  assert.deepEqual([contributed.id, contributed.name, contributed.commands.map((c: { name: string }) => c.name)], [PARTICIPANT_ID, "blend", ["models", "files", "rank"]]);
  assert.ok(pkg.activationEvents.includes(`onChatParticipant:${PARTICIPANT_ID}`));
});
