// One line on a blend's fused answer, for tooltips (Recent Blends, the status bar item).
import * as vscode from "vscode";
import type { BlendRecord } from "../protocol";

export function fusedSummary(fused: NonNullable<BlendRecord["result"]["fused"]>): string {
  return fused.unchanged ? vscode.l10n.t("{0}: no additions — answer #1 as is", fused.label) : vscode.l10n.t("fused: {0} from {1}", fused.label, fused.sources.join(", "));
}
