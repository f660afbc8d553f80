// The "Answer Blender" log channel, and the one way failures reach the user: a message with a "Show Log" button.
import * as vscode from "vscode";

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Reporter {
  constructor(readonly log: vscode.LogOutputChannel) {}

  /** Logs the failure (with its stack) and shows it; "Show Log" opens the channel. */
  async error(summary: string, e?: unknown): Promise<void> {
    const detail = e === undefined ? "" : errorMessage(e);
    this.log.error(detail ? `${summary}: ${detail}` : summary);
    if (e instanceof Error && e.stack && e.name !== "InputError") this.log.debug(e.stack);
    const showLog = vscode.l10n.t("Show Log");
    const text = detail ? `${summary}: ${detail}` : summary;
    const picked = await vscode.window.showErrorMessage(text, showLog);
    if (picked === showLog) this.log.show(true);
  }

  /** A blend that finished with skipped parts: they are marked in the panel; this says so once. */
  async partial(summary: string, problems: Array<{ where: string; message: string }>): Promise<void> {
    for (const p of problems) this.log.warn(`${p.where}: ${p.message}`);
    const showLog = vscode.l10n.t("Show Log");
    const picked = await vscode.window.showWarningMessage(summary, showLog);
    if (picked === showLog) this.log.show(true);
  }
}
