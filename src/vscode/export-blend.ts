// "Export Blend…": writes a blend to a file the user picks, as a Markdown report, as the
// CLI's `blend --json` document, or as a blend-set record the CLI can rank again.
import * as vscode from "vscode";
import { homedir } from "node:os";
import { blendReportMarkdown } from "../core/export/markdown-report";
import { blendJson } from "../core/result-json";
import type { BlendRecord } from "../protocol";

export type ExportFormat = "markdown" | "json" | "blendset";

interface FormatInfo {
  ext: string;
  label: string;
  detail: string;
  filter: string;
}

function formats(): Record<ExportFormat, FormatInfo> {
  return {
    markdown: {
      ext: "md",
      label: vscode.l10n.t("Markdown report"),
      detail: vscode.l10n.t("Prompt, fused answer, ranking, pairwise matrix and every answer"),
      filter: vscode.l10n.t("Markdown"),
    },
    json: {
      ext: "json",
      label: vscode.l10n.t("Blend result (JSON)"),
      detail: vscode.l10n.t("The shape of answer-blender blend --json, with the prompt and answers"),
      filter: "JSON",
    },
    blendset: {
      ext: "jsonl",
      label: vscode.l10n.t("Blend-set record (JSONL)"),
      detail: vscode.l10n.t("Prompt and answers only: rank them again with the CLI or add them to a dataset"),
      filter: "JSONL",
    },
  };
}

/** The file content of a blend in one export format. */
export function exportContent(record: BlendRecord, format: ExportFormat): string {
  const r = record.result;
  switch (format) {
    case "markdown":
      return blendReportMarkdown(r, { sourceLabel: record.sourceLabel, createdAt: record.createdAt });
    case "json": {
      const item = { ...blendJson(r), example: r.example, createdAt: record.createdAt, source: record.sourceLabel };
      return JSON.stringify({ items: [item], issues: [], badRecords: 0 }, null, 2) + "\n";
    }
    case "blendset":
      return JSON.stringify(r.example) + "\n";
  }
}

/** "blend-binary-search-in-python-20261122-0941.md": the prompt's first words and the blend's time. */
export function exportFileName(record: BlendRecord, format: ExportFormat): string {
  const words = record.result.example.instruction
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  let slug = "";
  for (const w of words) {
    if ((slug + "-" + w).length > 40) break;
    slug = slug ? `${slug}-${w}` : w;
  }
  const t = new Date(record.createdAt);
  const pad = (n: number) => String(n).padStart(2, "0");
  const stamp = Number.isNaN(t.getTime()) ? "" : `-${t.getFullYear()}${pad(t.getMonth() + 1)}${pad(t.getDate())}-${pad(t.getHours())}${pad(t.getMinutes())}`;
  return `blend${slug ? "-" + slug : ""}${stamp}.${formats()[format].ext}`;
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const all = formats();
  const items = (Object.keys(all) as ExportFormat[]).map((format) => ({ label: all[format].label, detail: all[format].detail, format }));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t("Export blend as"), ignoreFocusOut: true });
  return picked?.format;
}

/** Asks for the format and the file, writes it, offers to open it. Returns where it was written. */
export async function exportRecord(record: BlendRecord, format?: ExportFormat): Promise<vscode.Uri | undefined> {
  const chosen = format ?? (await pickFormat());
  if (!chosen) return undefined;
  const info = formats()[chosen];
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, exportFileName(record, chosen)),
    filters: { [info.filter]: [info.ext] },
    saveLabel: vscode.l10n.t("Export"),
    title: vscode.l10n.t("Export blend"),
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exportContent(record, chosen)));
  const open = vscode.l10n.t("Open");
  const where = target.scheme === "file" ? target.fsPath : target.toString();
  // Not awaited: the notification may stay up; the export is done.
  void vscode.window.showInformationMessage(vscode.l10n.t("Blend exported to {0}", where), open).then(async (answer) => {
    if (answer === open) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
  });
  return target;
}
