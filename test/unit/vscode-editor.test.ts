import "../helpers/install-fake-vscode";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as vscode from "../helpers/fake-vscode";
import { EditorTracker, writeIntoEditor } from "../../src/vscode/editor-target";
import type { TextEditor } from "vscode";

const P = (l: number, c: number) => new vscode.Position(l, c);
const asEditor = (e: vscode.TextEditor) => e as unknown as TextEditor;

function editorWith(text: string, ...selections: Array<[number, number, number, number]>): vscode.TextEditor {
  const doc = new vscode.TextDocument(vscode.Uri.file("/ws/notes.md"), text);
  const e = new vscode.TextEditor(doc);
  e.selections = selections.map(([al, ac, bl, bc]) => new vscode.Selection(P(al, ac), P(bl, bc)));
  return e;
}

beforeEach(() => vscode.resetFake());

test("insert at cursor: at the active end of every selection, selected text kept", async () => {
  const e = editorWith("alpha beta\ngamma delta\n", [0, 0, 0, 5], [1, 6, 1, 6]);
  assert.equal(await writeIntoEditor(asEditor(e), "X", "cursor"), true);
  assert.equal(e.document.getText(), "alphaX beta\ngamma Xdelta\n");
});

test("insert at cursor: a selection made backwards inserts at its start (where the cursor is)", async () => {
  const e = editorWith("alpha beta", [0, 10, 0, 6]);
  await writeIntoEditor(asEditor(e), "[F]", "cursor");
  assert.equal(e.document.getText(), "alpha [F]beta");
});

test("replace selection: every selection replaced, an empty one is an insert", async () => {
  const e = editorWith("one two three\nfour", [0, 4, 0, 7], [1, 0, 1, 4], [0, 13, 0, 13]);
  await writeIntoEditor(asEditor(e), "Z", "replace");
  assert.equal(e.document.getText(), "one Z threeZ\nZ");
});

test("multi-line fused text lands intact", async () => {
  const e = editorWith("# Notes\n\n", [2, 0, 2, 0]);
  const fused = "- first point\n- second point\n\n```js\nconsole.log(1);\n```\n";
  await writeIntoEditor(asEditor(e), fused, "cursor");
  assert.equal(e.document.getText(), "# Notes\n\n" + fused);
});

test("a read-only editor refuses the edit", async () => {
  const e = editorWith("x", [0, 0, 0, 0]);
  e.readOnly = true;
  assert.equal(await writeIntoEditor(asEditor(e), "y", "cursor"), false);
  assert.equal(e.document.getText(), "x");
});

test("tracker: remembers the last text editor while a webview has focus, and its selection text", async () => {
  const a = editorWith("What is a monad?\nrest", [0, 0, 0, 16]);
  vscode.setActiveEditor(a);
  const tracker = new EditorTracker();
  vscode.setActiveEditor(undefined); // the results panel took focus
  assert.equal(await tracker.target(), a);
  assert.equal(tracker.selectedText(), "What is a monad?");
  const b = editorWith("other", [0, 0, 0, 0]);
  vscode.setActiveEditor(b);
  vscode.setActiveEditor(undefined);
  assert.equal(await tracker.target(), b);
  tracker.dispose();
});

test("tracker: a hidden editor is shown again with its selections; a closed one is no target", async () => {
  const a = editorWith("abc", [0, 1, 0, 2]);
  vscode.setActiveEditor(a);
  const tracker = new EditorTracker();
  vscode.setActiveEditor(undefined);
  vscode.window.visibleTextEditors.length = 0; // another tab covers it
  const shown = (await tracker.target()) as unknown as vscode.TextEditor;
  assert.equal(shown.document, a.document);
  assert.deepEqual(shown.selections.map((s) => [s.start.character, s.end.character]), [[1, 2]]);
  vscode.setActiveEditor(undefined);
  a.document.isClosed = true;
  const t2 = new EditorTracker();
  assert.equal(await t2.target(), undefined);
});
