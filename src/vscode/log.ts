// The "Answer Blender" log channel, and the one way failures and problems reach the user: a
// message with "Show Log" (and "Open File" when the problem names a file), each logged once.
import * as vscode from "vscode";
import type { BlendIssue } from "../core/types";
import { problemLine, uniqueIssues } from "../core/issues";
import { locationOf, openLocation, soleLocation, type FileLocation } from "./problems";

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Reporter {
  constructor(readonly log: vscode.LogOutputChannel) {}

  /** Opens the log channel (the Show Log command and buttons). */
  show(): void {
    this.log.show(true);
  }

  /** Logs the failure (with its stack) and shows it; "Show Log" opens the channel, "Open File" the file it names. */
  async error(summary: string, e?: unknown): Promise<void> {
    const detail = e === undefined ? "" : errorMessage(e);
    const text = detail ? `${summary}: ${detail}` : summary;
    this.log.error(text);
    if (e instanceof Error && e.stack && e.name !== "InputError") this.log.debug(e.stack);
    await this.offer(vscode.window.showErrorMessage, text, locationOf(e));
  }

  /**
   * A blend that finished with skipped parts. The panel lists them; the log gets each once; the
   * message only says how many and offers the log (and the file, when they are all in one).
   */
  async partial(summary: string, problems: readonly BlendIssue[]): Promise<void> {
    const unique = uniqueIssues(problems);
    for (const p of unique) this.log.warn(problemLine(p));
    await this.offer(vscode.window.showWarningMessage, summary, soleLocation(unique));
  }

  private async offer(show: (text: string, ...items: string[]) => Thenable<string | undefined>, text: string, at: FileLocation | undefined): Promise<void> {
    const showLog = vscode.l10n.t("Show Log");
    const openFile = vscode.l10n.t("Open File");
    const picked = await show(text, ...(at ? [openFile, showLog] : [showLog]));
    if (picked === showLog) this.show();
    else if (picked === openFile && at) {
      await openLocation(at).catch((err: unknown) => this.log.warn(`cannot open ${at.file}: ${errorMessage(err)}`));
    }
  }
}
