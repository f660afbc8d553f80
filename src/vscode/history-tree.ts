// "Recent Blends": a native tree view of the blends in the history. One item per blend (its
// prompt, when and from what, a codicon saying fused / ranked / partial), its ranked answers
// below it; open on click, Export and Delete inline and in the context menu, Clear and Refresh
// in the view's title bar, and a welcome view with command links when it is empty.
import * as vscode from "vscode";
import type { BlendRecord } from "../protocol";
import type { HistoryStore } from "./history-store";
import { fusedSummary } from "./fused-summary";

export const HISTORY_VIEW_ID = "answerBlender.history";

export const HISTORY_COMMANDS = {
  open: "answerBlender.history.open",
  export: "answerBlender.history.export",
  delete: "answerBlender.history.delete",
  clear: "answerBlender.history.clear",
  refresh: "answerBlender.history.refresh",
} as const;

/** A blend, or one ranked answer of it (index into the blend's candidates). */
export type HistoryNode = { kind: "blend"; blendId: string } | { kind: "answer"; blendId: string; candidate: number };

export interface HistoryActions {
  /** Shows the blend in the results panel; false when it is gone. */
  open(blendId: string): boolean;
  export(blendId: string): Promise<unknown>;
}

/** The prompt on one line, at most `max` characters. */
export function promptLabel(record: BlendRecord, max = 80): string {
  const ex = record.result.example;
  const line = (ex.instruction + (ex.input ? " " + ex.input : "")).replace(/\s+/g, " ").trim();
  if (!line) return vscode.l10n.t("(no prompt)");
  const chars = Array.from(line);
  return chars.length <= max ? line : chars.slice(0, max - 1).join("").trimEnd() + "…";
}

function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(vscode.env.language, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** What the blend's icon says: a fused answer, a ranking only, or a partial result. */
function blendIcon(record: BlendRecord): vscode.ThemeIcon {
  if (record.result.issues.length > 0) return new vscode.ThemeIcon("warning", new vscode.ThemeColor("problemsWarningIcon.foreground"));
  const fused = record.result.fused;
  return new vscode.ThemeIcon(fused && !fused.unchanged ? "git-merge" : "list-ordered");
}

function blendTooltip(record: BlendRecord): vscode.MarkdownString {
  const r = record.result;
  const md = new vscode.MarkdownString();
  md.appendText(promptLabel(record, 400));
  md.appendMarkdown("\n\n");
  md.appendText(`${when(record.createdAt)} · ${record.sourceLabel} · ${vscode.l10n.t("ranker {0}", r.rank.ranker)}`);
  md.appendMarkdown("\n\n");
  md.appendText(r.rank.ranking.map((c) => `#${c.rank} ${c.model}`).join(" · "));
  if (r.fused) {
    md.appendMarkdown("\n\n");
    md.appendText(fusedSummary(r.fused));
  }
  if (r.issues.length) {
    md.appendMarkdown("\n\n");
    md.appendText(r.issues.length === 1 ? vscode.l10n.t("Partial result: 1 problem") : vscode.l10n.t("Partial result: {0} problems", r.issues.length));
  }
  return md;
}

export class HistoryTree implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  readonly view: vscode.TreeView<HistoryNode>;

  constructor(
    private readonly store: HistoryStore,
    private readonly actions: HistoryActions,
  ) {
    this.view = vscode.window.createTreeView(HISTORY_VIEW_ID, { treeDataProvider: this, canSelectMany: true, showCollapseAll: true });
    const sub = store.onDidChange(() => this.refresh());
    this.subs.push({ dispose: () => sub.dispose() }, this.view, this.changed);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: HistoryNode): HistoryNode[] {
    if (!node) return this.store.list().map((r) => ({ kind: "blend", blendId: r.blendId }));
    if (node.kind === "answer") return [];
    const record = this.store.get(node.blendId);
    return record ? record.result.rank.ranking.map((c) => ({ kind: "answer", blendId: node.blendId, candidate: c.candidate })) : [];
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    const record = this.store.get(node.blendId);
    if (!record) return new vscode.TreeItem(vscode.l10n.t("That blend is no longer in the history."));
    const open = { command: HISTORY_COMMANDS.open, title: vscode.l10n.t("Open"), arguments: [node] };
    if (node.kind === "blend") {
      const item = new vscode.TreeItem(promptLabel(record), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = record.blendId;
      item.description = `${when(record.createdAt)} · ${record.sourceLabel}`;
      item.tooltip = blendTooltip(record);
      item.iconPath = blendIcon(record);
      item.contextValue = record.result.issues.length ? "blend.partial" : "blend";
      item.command = open;
      return item;
    }
    const ranked = record.result.rank.ranking.find((c) => c.candidate === node.candidate);
    const answer = record.result.example.candidates[node.candidate];
    const item = new vscode.TreeItem(`#${ranked?.rank ?? "?"} ${answer?.model ?? "?"}`);
    item.id = `${record.blendId}/${node.candidate}`;
    item.description = ranked ? vscode.l10n.t("score {0}", ranked.score.toFixed(2)) : undefined;
    item.tooltip = answer ? Array.from(answer.text).slice(0, 300).join("") : undefined;
    item.iconPath = new vscode.ThemeIcon(ranked?.rank === 1 ? "star-full" : "circle-outline");
    item.contextValue = "answer";
    item.command = open;
    return item;
  }

  /** The blends a command is for: those selected, when the clicked one is among them; else the clicked one; else the selection. */
  private targets(clicked?: unknown, selected?: unknown): string[] {
    const asNode = (x: unknown): HistoryNode | undefined =>
      typeof x === "object" && x !== null && typeof (x as HistoryNode).blendId === "string" ? (x as HistoryNode) : undefined;
    const many = Array.isArray(selected) ? selected.map(asNode).filter((n): n is HistoryNode => n !== undefined) : [];
    const one = asNode(clicked);
    const nodes = one ? (many.some((n) => n.blendId === one.blendId) ? many : [one]) : many.length ? many : [...this.view.selection];
    return [...new Set(nodes.map((n) => n.blendId))];
  }

  registerCommands(): vscode.Disposable[] {
    const gone = () => void vscode.window.showWarningMessage(vscode.l10n.t("That blend is no longer in the history."));
    return [
      vscode.commands.registerCommand(HISTORY_COMMANDS.open, (node?: unknown) => {
        const [id] = this.targets(node);
        if (id && !this.actions.open(id)) gone();
      }),
      vscode.commands.registerCommand(HISTORY_COMMANDS.export, async (node?: unknown) => {
        const [id] = this.targets(node);
        if (id) await this.actions.export(id);
      }),
      vscode.commands.registerCommand(HISTORY_COMMANDS.delete, async (node?: unknown, selected?: unknown) => {
        for (const id of this.targets(node, selected)) await this.store.delete(id);
      }),
      vscode.commands.registerCommand(HISTORY_COMMANDS.clear, () => this.confirmClear()),
      vscode.commands.registerCommand(HISTORY_COMMANDS.refresh, () => this.refresh()),
    ];
  }

  private async confirmClear(): Promise<void> {
    const n = this.store.list().length;
    if (n === 0) return;
    const clear = vscode.l10n.t("Clear");
    const picked = await vscode.window.showWarningMessage(vscode.l10n.t("Remove all {0} blends from the history?", n), { modal: true }, clear);
    if (picked === clear) await this.store.clear();
  }

  dispose(): void {
    this.subs.forEach((s) => s.dispose());
  }
}
