// One line of text for a blend's progress (notification, status bar).
import * as vscode from "vscode";
import type { ProgressEvent } from "../core/types";

export function progressText(e: ProgressEvent): string {
  const n = e.total > 0 ? ` ${e.done}/${e.total}` : "";
  switch (e.stage) {
    case "load":
      return vscode.l10n.t("Loading answers") + n;
    case "collect":
      return vscode.l10n.t("Asking models") + n;
    case "rank":
      return vscode.l10n.t("Ranking: comparisons") + n;
    case "fuse":
      return vscode.l10n.t("Fusing the top answers") + (e.message ? ` (${e.message})` : "");
    case "download":
      return vscode.l10n.t("Downloading model") + (e.message ? ` ${e.message}` : "") + n;
    default:
      return e.message ?? e.stage;
  }
}
