// The status bar item of blends: while one runs it shows the stage and progress (click: the
// results panel; its tooltip has Cancel); afterwards the last result (click: that blend), or
// that it failed (click: the log). Every run of the BlendController drives it, whatever command
// started the run.
import * as vscode from "vscode";
import type { ProgressEvent } from "../core/types";
import type { BlendRecord } from "../protocol";
import { progressText } from "./progress-text";
import { fusedSummary } from "./fused-summary";

export const STATUS_COMMANDS = {
  showResults: "answerBlender.showResults",
  cancel: "answerBlender.cancelBlend",
  showLog: "answerBlender.showLog",
} as const;

/** Context key, true while a blend runs (the Cancel Blend command is enabled then). */
export const BLENDING_CONTEXT = "answerBlender.blending";

/** What the controller tells about its runs. */
export interface BlendStatusView {
  running(title: string): void;
  progress(event: ProgressEvent): void;
  finished(record: BlendRecord): void;
  failed(message: string): void;
  cancelled(): void;
}

export class BlendStatusBar implements BlendStatusView, vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private title = "";

  constructor(private readonly openBlend: string) {
    this.item = vscode.window.createStatusBarItem("answerBlender.status", vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t("Answer Blender");
  }

  running(title: string): void {
    this.title = title;
    this.show(`$(loading~spin) ${vscode.l10n.t("Blending…")}`, this.runningTooltip(title), STATUS_COMMANDS.showResults);
    void vscode.commands.executeCommand("setContext", BLENDING_CONTEXT, true);
  }

  progress(event: ProgressEvent): void {
    this.show(`$(loading~spin) ${progressText(event)}`, this.runningTooltip(this.title), STATUS_COMMANDS.showResults);
  }

  finished(record: BlendRecord): void {
    const r = record.result;
    const top = r.rank.ranking[0];
    const problems = r.issues.length;
    const text =
      problems === 0
        ? `$(check) ${vscode.l10n.t("#1 {0}", top.model)}`
        : `$(warning) ${problems === 1 ? vscode.l10n.t("#1 {0} · 1 problem", top.model) : vscode.l10n.t("#1 {0} · {1} problems", top.model, problems)}`;
    const md = new vscode.MarkdownString();
    md.appendText(vscode.l10n.t("Last blend: {0} answers ({1}), #1 {2}", r.example.candidates.length, record.sourceLabel, top.model));
    if (r.fused) {
      md.appendMarkdown("\n\n");
      md.appendText(fusedSummary(r.fused));
    }
    if (problems) {
      md.appendMarkdown("\n\n");
      md.appendText(problems === 1 ? vscode.l10n.t("Partial result: 1 problem") : vscode.l10n.t("Partial result: {0} problems", problems));
    }
    md.appendMarkdown("\n\n");
    md.appendText(vscode.l10n.t("Click to open it in the results panel."));
    this.show(text, md, { command: this.openBlend, title: vscode.l10n.t("Open"), arguments: [{ kind: "blend", blendId: record.blendId }] });
    this.done();
  }

  failed(message: string): void {
    const md = new vscode.MarkdownString();
    md.appendText(message);
    md.appendMarkdown("\n\n");
    md.appendText(vscode.l10n.t("Click to show the log."));
    this.show(`$(error) ${vscode.l10n.t("Blend failed")}`, md, STATUS_COMMANDS.showLog);
    this.done();
  }

  cancelled(): void {
    this.show(`$(circle-slash) ${vscode.l10n.t("Blend cancelled")}`, vscode.l10n.t("Blend cancelled."), STATUS_COMMANDS.showResults);
    this.done();
  }

  /** The running tooltip: the run's title and two command links (only those two are enabled). */
  private runningTooltip(title: string): vscode.MarkdownString {
    const md = new vscode.MarkdownString();
    md.appendText(title);
    md.appendMarkdown(`\n\n[${vscode.l10n.t("Show results")}](command:${STATUS_COMMANDS.showResults}) · [${vscode.l10n.t("Cancel")}](command:${STATUS_COMMANDS.cancel})`);
    md.isTrusted = { enabledCommands: [STATUS_COMMANDS.showResults, STATUS_COMMANDS.cancel] };
    return md;
  }

  private show(text: string, tooltip: string | vscode.MarkdownString, command: string | vscode.Command): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, "") };
    this.item.show();
  }

  private done(): void {
    void vscode.commands.executeCommand("setContext", BLENDING_CONTEXT, false);
  }

  dispose(): void {
    this.item.dispose();
  }
}
