// Export Blend… and the matrix's side-by-side comparison through the extension, with the VS Code
// API faked at the edge: a real blend of real files (length ranker), the format and file chosen
// in scripted dialogs, real files written, the diff editor's documents served by the extension.
import "../helpers/install-fake-vscode";
import { test, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as vscode from "../helpers/fake-vscode";
import { startExtensionSession, stopExtensionSession, type ExtensionSession } from "../helpers/extension-session";
import { exportContent, exportFileName } from "../../src/vscode/export-blend";
import { blendJson } from "../../src/core/result-json";
import { parseRecord } from "../../src/core/candidates/records";
import type { BlendRecord } from "../../src/protocol";

const ANSWERS = {
  "prompt.md": "How do I undo the last git commit?",
  "alpha.md": "Use `git reset --soft HEAD~1` to undo the commit and keep the changes staged.",
  "beta.md": "git revert HEAD",
  "gamma.md": "Run `git reset --hard HEAD~1`. Careful: this throws away the changes of that commit for good.",
};

let tree: ExtensionSession["tree"];
let ctx: ExtensionSession["ctx"];
let api: ExtensionSession["api"];

const uri = (name: string) => vscode.Uri.file(tree.path(name));
const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args) as Promise<T>;
/** Waits (up to 2 s) until the host's message handling, which runs detached, has done `what`. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let t = Date.now(); !done(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() - t > 2000) assert.fail(`timed out waiting for: ${what}`);
  }
}
const exported = (name: string) => vscode.ui.messages.some((m) => m.text === `Blend exported to ${tree.path(name)}`);
const pickLabel = (label: string) => (items: readonly unknown[]) => (items as Array<{ label: string }>).find((i) => i.label === label);

async function blendFiles(prompt: string, files: string[]): Promise<BlendRecord> {
  vscode.ui.inputBoxes.push(() => prompt);
  return run<BlendRecord>("answerBlender.blendFiles", undefined, files.map(uri));
}

beforeEach(() => {
  ({ tree, ctx, api } = startExtensionSession(ANSWERS));
});

afterEach(() => stopExtensionSession({ tree, ctx }));

test("Export Blend… writes the panel's blend as a Markdown report where the user chose, and Open opens it", async () => {
  const record = await blendFiles(ANSWERS["prompt.md"], ["alpha.md", "beta.md", "gamma.md"]);
  vscode.ui.quickPicks.push(pickLabel("Markdown report"));
  vscode.ui.saveDialogs.push(uri("out/report.md").with({ path: tree.path("report.md") }));
  vscode.ui.messageAnswers.push("Open");
  const written = await run<vscode.Uri>("answerBlender.exportBlend");
  assert.equal(written.fsPath, tree.path("report.md"));

  assert.deepEqual(vscode.ui.quickPickItems.at(-1)!.map((i) => (i as { label: string }).label), ["Markdown report", "Blend result (JSON)", "Blend-set record (JSONL)"]);
  const dialog = vscode.ui.saveDialogOptions[0];
  assert.equal(dialog.defaultUri?.fsPath, tree.path(exportFileName(record, "markdown")));
  assert.match(exportFileName(record, "markdown"), /^blend-how-do-i-undo-the-last-git-commit-\d{8}-\d{4}\.md$/);
  assert.deepEqual(dialog.filters, { Markdown: ["md"] });

  const md = readFileSync(tree.path("report.md"), "utf8");
  assert.equal(md, exportContent(record, "markdown"));
  assert.match(md, /^# Blend: How do I undo the last git commit\?\n/);
  // Length ranker: longest first.
  assert.deepEqual([...md.matchAll(/^### #(\d) (\w+)$/gm)].map((m) => m[2]), ["gamma", "alpha", "beta"]);
  assert.match(vscode.ui.messages.at(-1)!.text, new RegExp(`Blend exported to ${tree.path("report.md").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  await until(() => vscode.window.activeTextEditor?.document.uri.fsPath === tree.path("report.md"), "Open shows the file");
});

test("JSON export is the CLI's blend --json document plus the prompt and answers; the blend-set export reads back as the same example", async () => {
  const record = await blendFiles(ANSWERS["prompt.md"], ["alpha.md", "beta.md", "gamma.md"]);
  vscode.ui.quickPicks.push(pickLabel("Blend result (JSON)"));
  vscode.ui.saveDialogs.push(uri("blend.json"));
  await run("answerBlender.exportBlend");
  const doc = JSON.parse(readFileSync(tree.path("blend.json"), "utf8")) as { items: Array<Record<string, unknown>>; issues: unknown[]; badRecords: number };
  assert.equal(doc.items.length, 1);
  const { example, createdAt, source, ...item } = doc.items[0];
  assert.deepEqual(item, JSON.parse(JSON.stringify(blendJson(record.result))));
  assert.deepEqual(example, JSON.parse(JSON.stringify(record.result.example)));
  assert.equal(createdAt, record.createdAt);
  assert.equal(source, "3 files");
  assert.deepEqual([doc.issues, doc.badRecords], [[], 0]);

  vscode.ui.quickPicks.push(pickLabel("Blend-set record (JSONL)"));
  vscode.ui.saveDialogs.push(uri("blend.jsonl"));
  await run("answerBlender.exportBlend");
  const lines = readFileSync(tree.path("blend.jsonl"), "utf8").split("\n");
  assert.equal(lines.length, 2, "one record and a final newline");
  const back = parseRecord(JSON.parse(lines[0]), "fallback").example;
  assert.deepEqual(back, { id: record.result.example.id, instruction: ANSWERS["prompt.md"], input: "", candidates: record.result.example.candidates.map(({ model, text }) => ({ model, text })) });
});

test("cancelling the format or the file writes nothing; an unwritable file, fusing, or no blend: the command says why", async () => {
  assert.equal(await run("answerBlender.exportBlend"), undefined);
  assert.match(vscode.ui.messages.at(-1)!.text, /No blend yet/);

  await blendFiles("q", ["alpha.md", "beta.md"]);
  vscode.ui.quickPicks.push(() => undefined);
  assert.equal(await run("answerBlender.exportBlend"), undefined);
  assert.equal(vscode.ui.saveDialogOptions.length, 0, "no file dialog after the format pick was dismissed");

  vscode.ui.quickPicks.push(pickLabel("Markdown report"));
  vscode.ui.saveDialogs.push(undefined);
  assert.equal(await run("answerBlender.exportBlend"), undefined);
  assert.equal(existsSync(tree.path(exportFileName(api.history.latest()!, "markdown"))), false);

  // A file that cannot be written: an error naming it, and the command still works afterwards.
  vscode.ui.quickPicks.push(pickLabel("Markdown report"));
  vscode.ui.saveDialogs.push(uri("missing-dir/report.md"));
  assert.equal(await run("answerBlender.exportBlend"), undefined);
  const failure = vscode.ui.messages.at(-1)!;
  assert.equal(failure.level, "error");
  assert.match(failure.text, /missing-dir\/report\.md/);

  const shown = api.controller.shown()!;
  api.panel.showRecord({ ...shown, fusing: true, result: { ...shown.result, fused: null } });
  assert.equal(await run("answerBlender.exportBlend"), undefined);
  assert.match(vscode.ui.messages.at(-1)!.text, /still being written/);
});

test("Recent Blends' and the panel's Export export that blend; with the panel closed the command asks which", async () => {
  const first = await blendFiles("first prompt", ["alpha.md", "beta.md"]);
  const second = await blendFiles("second prompt", ["beta.md", "gamma.md"]);

  // Recent Blends' inline Export on the older blend, while the panel shows the newer one.
  vscode.ui.quickPicks.push(pickLabel("Blend-set record (JSONL)"));
  vscode.ui.saveDialogs.push(uri("first.jsonl"));
  await run("answerBlender.history.export", { kind: "blend", blendId: first.blendId });
  await until(() => exported("first.jsonl"), "first.jsonl written");
  assert.equal(JSON.parse(readFileSync(tree.path("first.jsonl"), "utf8")).instruction, "first prompt");

  // Panel header button.
  vscode.ui.quickPicks.push(pickLabel("Blend-set record (JSONL)"));
  vscode.ui.saveDialogs.push(uri("second.jsonl"));
  vscode.registry.panels[0].webview.send({ type: "export", blendId: second.blendId });
  await until(() => exported("second.jsonl"), "second.jsonl written");
  assert.equal(JSON.parse(readFileSync(tree.path("second.jsonl"), "utf8")).instruction, "second prompt");

  // A blend deleted meanwhile.
  await run("answerBlender.history.export", { kind: "blend", blendId: "gone" });
  await until(() => /no longer in the history/.test(vscode.ui.messages.at(-1)?.text ?? ""), "a warning about the missing blend");

  // Panel closed: the command offers the history, newest first.
  vscode.registry.panels[0].dispose();
  vscode.ui.quickPicks.push((items) => (items as Array<{ label: string }>)[1]);
  vscode.ui.quickPicks.push(pickLabel("Markdown report"));
  vscode.ui.saveDialogs.push(uri("picked.md"));
  await run("answerBlender.exportBlend");
  const offered = vscode.ui.quickPickItems.at(-2) as Array<{ label: string; detail: string }>;
  assert.deepEqual(offered.map((i) => i.label), ["second prompt", "first prompt"]);
  assert.equal(offered[1].detail, "1 alpha · 2 beta");
  assert.match(readFileSync(tree.path("picked.md"), "utf8"), /^# Blend: first prompt\n/);
});

test("a matrix cell opens its two answers side by side in the diff editor, titled with P(row beats column)", async () => {
  const record = await blendFiles(ANSWERS["prompt.md"], ["alpha.md", "beta.md", "gamma.md"]);
  const [a, b] = [0, 2];
  vscode.registry.panels[0].webview.send({ type: "compare", blendId: record.blendId, a, b });
  await until(() => vscode.registry.executed.some((e) => e.command === "vscode.diff"), "vscode.diff");
  const diff = vscode.registry.executed.find((e) => e.command === "vscode.diff")!;
  const [left, right, title] = diff.args as [vscode.Uri, vscode.Uri, string];
  const p = (1 / (1 + Math.exp(-(record.result.rank.matrix[a][b] as number)))).toFixed(2);
  assert.equal(title, `alpha ↔ gamma (P(alpha beats gamma) = ${p})`);
  assert.deepEqual([left.scheme, right.scheme], ["answer-blender", "answer-blender"]);
  const provider = vscode.registry.contentProviders.get("answer-blender")!;
  assert.equal(await provider.provideTextDocumentContent(left), ANSWERS["alpha.md"]);
  assert.equal(await provider.provideTextDocumentContent(right), ANSWERS["gamma.md"]);
  await api.history.delete(record.blendId);
  vscode.registry.panels[0].dispose();
  assert.equal(await provider.provideTextDocumentContent(left), "That blend is no longer in the history.");
});
