// Where the answers come from: files, folders and datasets (read through workspace.fs) or the
// open editors. Each turns into one BlendExample plus the problems met on the way.
import * as vscode from "vscode";
import { posix } from "node:path";
import { loadInputs, type LoadResult } from "../core/candidates/load";
import { exampleFromTexts } from "../core/candidates/from-texts";
import { isPromptFile } from "../core/candidates/answer-files";
import { InputError } from "../core/errors";
import type { BlendExample, BlendIssue } from "../core/types";
import { uriToPath, workspaceInputFs } from "./workspace-fs";
import { uniqueIssues } from "../core/issues";

export type SourceKind = "editors" | "files" | "folder" | "dataset" | "endpoints";

/** Load problems attached to one example; more than this are summarised in one line. */
const MAX_ISSUES = 50;

export async function pickSourceKind(): Promise<SourceKind | undefined> {
  const items: Array<vscode.QuickPickItem & { kind2: SourceKind }> = [
    { kind2: "editors", label: vscode.l10n.t("Open editors"), detail: vscode.l10n.t("Each open editor holds one answer") },
    { kind2: "files", label: vscode.l10n.t("Files…"), detail: vscode.l10n.t("Answer files (.md, .txt, .json), one answer each") },
    { kind2: "folder", label: vscode.l10n.t("Folder…"), detail: vscode.l10n.t("A folder of answer files, with an optional prompt.md") },
    { kind2: "dataset", label: vscode.l10n.t("MixInstruct or blend-set file…"), detail: vscode.l10n.t("A .json/.jsonl dataset; pick one example") },
    { kind2: "endpoints", label: vscode.l10n.t("Chat models"), detail: vscode.l10n.t("Ask VS Code's chat models and your endpoints now") },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t("Blend Answers: where are the answers?"), ignoreFocusOut: true });
  return picked?.kind2;
}

export async function pickInputUris(kind: "files" | "folder" | "dataset"): Promise<vscode.Uri[] | undefined> {
  const defaultUri = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uris = await vscode.window.showOpenDialog({
    defaultUri,
    canSelectFiles: kind !== "folder",
    canSelectFolders: kind === "folder",
    canSelectMany: kind === "files",
    openLabel: vscode.l10n.t("Blend"),
    title: kind === "folder" ? vscode.l10n.t("Folder of answer files") : kind === "dataset" ? vscode.l10n.t("MixInstruct or blend-set file") : vscode.l10n.t("Answer files"),
    filters:
      kind === "files" ? { [vscode.l10n.t("Answers")]: ["md", "markdown", "txt", "json"] } : kind === "dataset" ? { [vscode.l10n.t("Datasets")]: ["json", "jsonl"] } : undefined,
  });
  return uris && uris.length ? uris : undefined;
}

/** Answer and dataset files of the workspace, for the multi-select file picker. */
const ANSWER_GLOB = "**/*.{md,markdown,txt,json,jsonl}";
const SKIP_GLOB = "**/{node_modules,.git,dist,out,.artifacts,.vscode}/**";
const MAX_LISTED = 2000;

/**
 * "Files…": a multi-select QuickPick of the workspace's answer files (works the same in
 * VS Code, code-server and virtual workspaces), with "Browse…" for files elsewhere.
 */
export async function pickAnswerFiles(): Promise<vscode.Uri[] | undefined> {
  const files = vscode.workspace.workspaceFolders?.length
    ? await Promise.resolve(vscode.workspace.findFiles(ANSWER_GLOB, SKIP_GLOB, MAX_LISTED)).catch(() => [] as vscode.Uri[])
    : [];
  if (files.length === 0) return pickInputUris("files");
  const browse = { label: vscode.l10n.t("Browse…"), description: vscode.l10n.t("files outside the list"), alwaysShow: true, uri: undefined as vscode.Uri | undefined };
  const items = files
    .map((uri) => ({ label: posix.basename(uri.path), description: posix.dirname(vscode.workspace.asRelativePath(uri, true)), alwaysShow: false, uri: uri as vscode.Uri | undefined }))
    .sort((a, b) => (a.description + "/" + a.label).localeCompare(b.description + "/" + b.label));
  const picked = await vscode.window.showQuickPick([browse, ...items], {
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: true,
    title: vscode.l10n.t("Answer files to blend (include prompt.md for the prompt)"),
  });
  if (!picked || picked.length === 0) return undefined;
  if (picked.some((p) => p.uri === undefined)) return pickInputUris("files");
  return picked.map((p) => p.uri as vscode.Uri);
}

export async function askPrompt(prefill: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t("Prompt"),
    prompt: vscode.l10n.t("The prompt (instruction) the answers respond to"),
    value: prefill,
    ignoreFocusOut: true,
  });
}

/** Reads files, folders or datasets through workspace.fs (works in virtual workspaces). */
export async function loadUris(uris: vscode.Uri[]): Promise<LoadResult> {
  return loadInputs(
    uris.map(uriToPath),
    { fs: workspaceInputFs() },
  );
}

export function sourceLabel(uris: vscode.Uri[], example: BlendExample, examples: number): string {
  if (uris.length === 1) {
    const name = posix.basename(uris[0].path);
    return examples > 1 ? `${name} #${example.id}` : name;
  }
  return vscode.l10n.t("{0} files", example.candidates.length);
}

/** Every bad record or file has its own problem already: no summary line counts them again. */
function withIssues(example: BlendExample, issues: BlendIssue[]): BlendExample {
  const all = uniqueIssues([...(example.errors ?? []), ...issues]);
  const kept = all.slice(0, MAX_ISSUES);
  if (all.length > MAX_ISSUES) kept.push({ where: "input", message: vscode.l10n.t("{0} more problems (see the log)", all.length - MAX_ISSUES) });
  return kept.length ? { ...example, errors: kept } : example;
}

/**
 * From a load result to the one example to blend: picks among several (datasets), asks for
 * (or confirms) the prompt of loose answer files. With `prompt` given (a chat message) nothing
 * is asked: it is the prompt, else the one the files brought. Undefined when the user cancels.
 */
export async function chooseExample(
  loaded: LoadResult,
  opts: { selection: string; what: string; prompt?: string },
): Promise<BlendExample | undefined> {
  if (loaded.examples.length === 0) {
    const first = loaded.issues.slice(0, 3).map((i) => `${i.where}: ${i.message}`).join("; ");
    throw new InputError(vscode.l10n.t("no usable answers in {0}", opts.what) + (first ? ` (${first})` : ""));
  }
  let example = loaded.examples[0];
  const isDataset = loaded.examples.length > 1 || (example.judgments !== undefined || example.scores !== undefined);
  if (loaded.examples.length > 1) {
    const items = loaded.examples.map((e, i) => ({
      label: e.instruction.split("\n")[0].slice(0, 100) || e.id,
      description: vscode.l10n.t("{0} answers", e.candidates.length),
      detail: e.id,
      index: i,
    }));
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t("Which example?"), matchOnDetail: true, ignoreFocusOut: true });
    if (!picked) return undefined;
    example = loaded.examples[picked.index];
  }
  if (opts.prompt !== undefined && (!isDataset || !example.instruction.trim())) {
    const prompt = opts.prompt.trim() || example.instruction.trim();
    if (!prompt) throw new InputError(vscode.l10n.t("no prompt for {0}: write the question with the files", opts.what));
    example = { ...example, instruction: prompt };
  } else if (!isDataset || !example.instruction.trim()) {
    const prompt = await askPrompt(example.instruction.trim() || opts.selection);
    if (prompt === undefined) return undefined;
    example = { ...example, instruction: prompt };
  }
  return withIssues(example, loaded.issues);
}

/** The text documents open in editor tabs (answers), skipping prompt files. */
export async function openEditorDocuments(): Promise<vscode.TextDocument[]> {
  const seen = new Set<string>();
  const docs: vscode.TextDocument[] = [];
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (!(tab.input instanceof vscode.TabInputText)) continue;
      const uri = tab.input.uri;
      const key = uri.toString();
      if (seen.has(key) || isPromptFile(posix.basename(uri.path))) continue;
      seen.add(key);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key) ?? (await vscode.workspace.openTextDocument(uri));
      docs.push(doc);
    }
  }
  return docs;
}

function modelName(uri: vscode.Uri): string {
  const base = posix.basename(uri.path);
  const ext = posix.extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

/** Open editors → one example. The editor holding the selected prompt is not preselected as an answer. */
export async function exampleFromEditors(selection: string, promptDoc: vscode.TextDocument | undefined): Promise<BlendExample | undefined> {
  const docs = await openEditorDocuments();
  if (docs.length < 2) throw new InputError(vscode.l10n.t("open at least two editors with answers (found {0})", docs.length));
  const items = docs.map((d) => ({
    label: posix.basename(d.uri.path),
    description: vscode.workspace.asRelativePath(d.uri, false),
    picked: !(selection && promptDoc && d === promptDoc),
    doc: d,
  }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: vscode.l10n.t("Which editors hold answers?"), ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.length < 2) throw new InputError(vscode.l10n.t("pick at least two editors with answers"));
  const prompt = await askPrompt(selection);
  if (prompt === undefined) return undefined;
  const { example, issues } = exampleFromTexts(
    prompt,
    picked.map((p) => ({ model: modelName(p.doc.uri), text: p.doc.getText(), meta: { file: uriToPath(p.doc.uri) } })),
    "editors",
  );
  return issues.length ? { ...example, errors: issues } : example;
}
