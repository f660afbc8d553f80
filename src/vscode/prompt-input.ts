// A multi-line prompt for asking models: the selected text, the active editor's text, or a
// scratch editor the user writes in and then confirms ("Ask Models" in its title bar or the
// command palette). Never a one-line input box: prompts have code and paragraphs.
import * as vscode from "vscode";
import type { EditorTracker } from "./editor-target";

export const SEND_PROMPT_COMMAND = "answerBlender.sendPrompt";
/** Context key: a scratch prompt editor is waiting for its Ask Models (shows the editor-title button). */
export const WRITING_PROMPT_KEY = "answerBlender.writingPrompt";

function oneLine(text: string, max = 80): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? line.slice(0, max - 1) + "…" : line;
}

interface Waiting {
  doc: vscode.TextDocument;
  done(text: string | undefined): void;
}

/** The scratch editor: at most one waits at a time; a newer request cancels the older one. */
export class PromptEditor implements vscode.Disposable {
  private waiting: Waiting | undefined;
  private readonly subs: vscode.Disposable[];

  constructor() {
    this.subs = [
      vscode.commands.registerCommand(SEND_PROMPT_COMMAND, () => this.send()),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc === this.waiting?.doc) this.finish(undefined);
      }),
    ];
  }

  get isWaiting(): boolean {
    return this.waiting !== undefined;
  }

  /**
   * Opens the scratch editor (with `initial` in it) and resolves to its text when confirmed,
   * undefined when cancelled or closed. `tracker` learns it is no place to insert answers into.
   */
  async write(initial = "", tracker?: Pick<EditorTracker, "exclude">): Promise<string | undefined> {
    this.finish(undefined);
    const doc = await vscode.workspace.openTextDocument({ content: initial, language: "markdown" });
    tracker?.exclude(doc);
    await vscode.window.showTextDocument(doc, { preview: false });
    const result = new Promise<string | undefined>((resolve) => {
      this.waiting = { doc, done: resolve };
    });
    void vscode.commands.executeCommand("setContext", WRITING_PROMPT_KEY, true);
    this.notify(doc, result);
    return result;
  }

  /**
   * Says what to do while the editor waits, with a Cancel button. A progress notification, not a
   * message: VS Code closes it when the prompt is sent or dropped, where a message would stay
   * behind with buttons that do nothing any more.
   */
  private notify(doc: vscode.TextDocument, result: Promise<string | undefined>): void {
    void vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t("Write the prompt in the new editor, then choose Ask Models in its title bar."),
        cancellable: true,
      },
      async (_progress, token) => {
        token.onCancellationRequested(() => {
          if (this.waiting?.doc === doc) this.finish(undefined);
        });
        await result;
      },
    );
  }

  /** Ask Models: the scratch editor's text is the prompt. */
  send(): void {
    const w = this.waiting;
    if (!w) return;
    const text = w.doc.getText().trim();
    if (!text) {
      void vscode.window.showWarningMessage(vscode.l10n.t("The prompt is empty: write it in the editor first."));
      return;
    }
    this.finish(text);
    void this.closeSent(w.doc);
  }

  /**
   * The sent prompt is in the blend (and Recent Blends): its scratch editor goes, without the
   * "save changes?" question VS Code asks for an untitled document when it is closed.
   */
  private async closeSent(doc: vscode.TextDocument): Promise<void> {
    if (vscode.window.activeTextEditor?.document !== doc) return;
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  }

  private finish(text: string | undefined): void {
    const w = this.waiting;
    if (!w) return;
    this.waiting = undefined;
    void vscode.commands.executeCommand("setContext", WRITING_PROMPT_KEY, false);
    w.done(text);
  }

  dispose(): void {
    this.finish(undefined);
    this.subs.forEach((s) => s.dispose());
  }
}

type PromptItem = vscode.QuickPickItem & { take: () => Promise<string | undefined> | string };

/**
 * The prompt to send: offers the selection and the active editor's text when there are any,
 * and always a scratch editor. Undefined when the user cancels.
 */
export async function askMultilinePrompt(tracker: EditorTracker, editor: PromptEditor): Promise<string | undefined> {
  const selection = tracker.selectedText();
  const active = tracker.activeDocument();
  const items: PromptItem[] = [];
  if (selection) items.push({ label: vscode.l10n.t("$(selection) Selected text"), detail: oneLine(selection), take: () => selection });
  const whole = active?.getText().trim() ?? "";
  if (active && whole && whole !== selection) {
    items.push({ label: vscode.l10n.t("$(file) Text of {0}", vscode.workspace.asRelativePath(active.uri, false)), detail: oneLine(whole), take: () => whole });
  }
  items.push({ label: vscode.l10n.t("$(edit) Write the prompt…"), detail: vscode.l10n.t("In a new editor, as long as you like; then Ask Models"), take: () => editor.write(selection, tracker) });
  if (items.length === 1) return items[0].take();
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t("Ask Models: which prompt?"), ignoreFocusOut: true });
  return picked ? picked.take() : undefined;
}
