// Where "Insert" and "Replace selection" write: the last text editor the user worked in,
// remembered because the results panel takes focus (activeTextEditor is then undefined).
import * as vscode from "vscode";
import type { InsertMode } from "../protocol";

export class EditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined;
  private readonly sub: vscode.Disposable;
  /** Documents that are never targets (the scratch editors prompts are written in). */
  private readonly excluded = new WeakSet<vscode.TextDocument>();

  constructor() {
    this.last = this.usable(vscode.window.activeTextEditor);
    this.sub = vscode.window.onDidChangeActiveTextEditor((e) => {
      if (this.usable(e)) this.last = e;
    });
  }

  /** `doc` is never where answers are inserted, nor a prompt's default (a scratch prompt editor). */
  exclude(doc: vscode.TextDocument): void {
    this.excluded.add(doc);
    if (this.last?.document === doc) this.last = undefined;
  }

  /** Output panes, excluded documents and other non-file editors are never targets. */
  private usable(e: vscode.TextEditor | undefined): vscode.TextEditor | undefined {
    return e && e.document.uri.scheme !== "output" && !this.excluded.has(e.document) ? e : undefined;
  }

  /** The active text editor, else the last one, shown again if it was hidden; undefined if none is left. */
  async target(): Promise<vscode.TextEditor | undefined> {
    const active = this.usable(vscode.window.activeTextEditor);
    if (active) return active;
    const last = this.last;
    if (!last || last.document.isClosed) return undefined;
    if (vscode.window.visibleTextEditors.includes(last)) return last;
    const selections = last.selections;
    const shown = await vscode.window.showTextDocument(last.document, { viewColumn: last.viewColumn, preserveFocus: false });
    shown.selections = selections;
    return shown;
  }

  /** The text selected in the active (or last) editor: the prompt's default. */
  selectedText(): string {
    const e = this.usable(vscode.window.activeTextEditor) ?? this.last;
    if (!e || e.document.isClosed) return "";
    return e.selections
      .filter((s) => !s.isEmpty)
      .map((s) => e.document.getText(s))
      .join("\n")
      .trim();
  }

  /** The document of the active (or last) editor, if still open: its text can be the prompt. */
  activeDocument(): vscode.TextDocument | undefined {
    const e = this.usable(vscode.window.activeTextEditor) ?? this.last;
    return e && !e.document.isClosed ? e.document : undefined;
  }

  dispose(): void {
    this.sub.dispose();
  }
}

/**
 * "cursor": inserts at every cursor (the active end of each selection), leaving selected text alone.
 * "replace": replaces every selection (an empty selection is an insert at its cursor).
 */
export async function writeIntoEditor(editor: vscode.TextEditor, text: string, mode: InsertMode): Promise<boolean> {
  const selections = [...editor.selections];
  return editor.edit((b) => {
    for (const s of selections) {
      if (mode === "replace") b.replace(s, text);
      else b.insert(s.active, text);
    }
  });
}

/** Opens the text in a new untitled Markdown editor. */
export async function openInNewEditor(text: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ content: text, language: "markdown" });
  await vscode.window.showTextDocument(doc, { preview: false });
}
