// Problems reach the user once, one line each: a malformed file is one problem, logged once;
// an endpoint failure does not name the endpoint twice; the message does not repeat the panel's
// list; a problem or error that names a file and line has "Open File", which opens it there.
import "../helpers/install-fake-vscode";
import { test, beforeEach, afterEach, after } from "node:test";
import assert from "node:assert/strict";
import * as vscode from "../helpers/fake-vscode";
import { startExtensionSession, stopExtensionSession, type ExtensionSession } from "../helpers/extension-session";
import { startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";
import { writeInPromptEditor } from "../helpers/lm-models";
import { problemLine, uniqueIssues } from "../../src/core/issues";
import { soleLocation } from "../../src/vscode/problems";
import type { BlendRecord, HostToPanel } from "../../src/protocol";

const DATASET = [
  JSON.stringify({ id: "q1", instruction: "Name a prime.", input: "", candidates: [{ model: "a", text: "7" }, { model: "b", text: "Seven is a prime number." }] }),
  "{ this line is broken",
  JSON.stringify({ id: "q2", instruction: "Name a colour.", input: "", candidates: [{ model: "a", text: "red" }] }),
].join("\n");

let s: ExtensionSession;
let server: OpenAiTestServer | undefined;
const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args) as Promise<T>;
const settle = () => new Promise((r) => setImmediate(r));
/** Waits (up to 2 s) for something the code under test does without being awaited, e.g. after a message button. */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
}
const log = () => vscode.registry.logs[0];

beforeEach(() => {
  s = startExtensionSession({ "answers/prompt.md": "Capital of France?", "answers/a.md": "Paris.", "answers/b.md": "It is Paris, on the Seine.", "answers/bad.json": '{\n  "text": "unterminated\n}\n', "set.jsonl": DATASET });
});
afterEach(() => stopExtensionSession(s));
after(async () => server?.close());

test("one malformed file: one problem, logged once, a message that names no problem again, Open File at its line", async () => {
  vscode.ui.inputBoxes.push((o) => o.value);
  vscode.ui.messageAnswers.push("Open File");
  const record = await run<BlendRecord>("answerBlender.blendFiles", vscode.Uri.file(s.tree.path("answers")));
  assert.equal(record.result.issues.length, 1, JSON.stringify(record.result.issues));
  const [issue] = record.result.issues;
  assert.equal(issue.file, s.tree.path("answers/bad.json"));
  assert.equal(typeof issue.line, "number");
  const warns = log().lines.filter((l) => l.level === "warn" && l.text.includes("bad.json"));
  assert.equal(warns.length, 1, "logged once");
  assert.equal(warns[0].text, problemLine(issue));

  const msg = vscode.ui.messages.find((m) => m.level === "warning")!;
  assert.equal(msg.text, "Blended 2 answers with 1 problem, listed in the results panel.");
  assert.ok(!msg.text.includes("bad.json"), "the message does not repeat the panel's list");
  assert.deepEqual(msg.items, ["Open File", "Show Log"]);
  await until(() => vscode.window.activeTextEditor !== undefined);
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, "Open File opened the file");
  assert.equal(editor.document.uri.path, s.tree.path("answers/bad.json"));
  assert.equal(editor.selection.active.line, issue.line! - 1, "at the problem's line");
});

test("a dataset with one broken line: one problem naming the line (no extra 'bad records' line)", async () => {
  vscode.ui.quickPicks.push((items) => (items as Array<{ detail: string }>).find((i) => i.detail === "q1"));
  const record = await run<BlendRecord>("answerBlender.blendFiles", vscode.Uri.file(s.tree.path("set.jsonl")));
  assert.deepEqual(
    record.result.issues.map((i) => [i.where, i.line]),
    [[`${s.tree.path("set.jsonl")}:2`, 2]],
  );
});

test("an endpoint failure names the endpoint once: in the record, the log and the panel", async () => {
  server ??= await startOpenAiServer({ answers: { "echo-a": "Paris.", "echo-b": "Paris, the capital of France." } });
  vscode.settings.global.set("endpoints", [
    { id: "a", baseUrl: server.url, model: "echo-a" },
    { id: "b", baseUrl: server.url, model: "echo-b" },
    { id: "broken", baseUrl: server.url, model: "fail" },
  ]);
  vscode.ui.quickPicks.push((items) => (items as Array<{ picked?: boolean }>).filter((i) => i.picked));
  writeInPromptEditor("Capital of France?");
  const record = await run<BlendRecord>("answerBlender.askModels");
  const issue = record.result.issues.find((i) => i.endpoint === "broken");
  assert.ok(issue, JSON.stringify(record.result.issues));
  assert.doesNotMatch(issue.message, /endpoint "broken"/, issue.message);
  assert.match(problemLine(issue), /^broken: HTTP 500/);
  const lines = log().lines.filter((l) => l.text.includes("broken"));
  assert.ok(lines.every((l) => (l.text.match(/broken/g) ?? []).length === 1), JSON.stringify(lines));
  await settle();
  const posted = vscode.registry.panels[0].webview.posted as HostToPanel[];
  const last = posted.filter((m): m is Extract<HostToPanel, { type: "blend" }> => m.type === "blend").at(-1)!;
  assert.equal(last.blend.result.issues.filter((i) => i.endpoint === "broken").length, 1);
});

test("an error naming a file and line offers Open File; the panel's Open File opens only files its problems name", async () => {
  vscode.ui.messageAnswers.push("Open File");
  const bad = s.tree.path("answers/bad.json");
  assert.equal(await run("answerBlender.blendFiles", undefined, [vscode.Uri.file(bad)]), undefined);
  const err = vscode.ui.messages.find((m) => m.level === "error")!;
  assert.match(err.text, /bad\.json:\d+/);
  assert.deepEqual(err.items, ["Open File", "Show Log"]);
  await until(() => vscode.window.activeTextEditor !== undefined);
  assert.equal(vscode.window.activeTextEditor?.document.uri.path, bad);

  // From the panel: a file a problem names opens; any other path is ignored.
  vscode.setActiveEditor(undefined);
  vscode.ui.inputBoxes.push((o) => o.value);
  const record = await run<BlendRecord>("answerBlender.blendFiles", vscode.Uri.file(s.tree.path("answers")));
  const webview = vscode.registry.panels[0].webview;
  webview.send({ type: "openFile", file: s.tree.path("answers/prompt.md") });
  webview.send({ type: "openFile", file: record.result.issues[0].file, line: record.result.issues[0].line });
  await until(() => vscode.window.activeTextEditor !== undefined);
  assert.equal(vscode.window.activeTextEditor?.document.uri.path, bad);
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.endsWith("prompt.md")), "a file no problem names is not opened");
});

test("problem lines and locations", () => {
  assert.equal(problemLine({ where: "a.md", message: "empty" }), "a.md: empty");
  assert.equal(problemLine({ where: "fuser llm", message: "fuser llm: timed out" }), "fuser llm: timed out");
  const dup = { where: "x", message: "y" };
  assert.deepEqual(uniqueIssues([dup, { ...dup }, { where: "x", message: "z" }]).map((i) => i.message), ["y", "z"]);
  assert.deepEqual(soleLocation([{ where: "f:3", message: "m", file: "f", line: 3 }, { where: "e", message: "m" }]), { file: "f", line: 3 });
  assert.equal(soleLocation([{ where: "f", message: "m", file: "f" }, { where: "g", message: "m", file: "g" }]), undefined, "two files: which one?");
});
