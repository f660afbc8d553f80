// Files and file ranges attached to a chat message (#file, #selection, drag and drop):
// request.references whose value is a Uri or a Location. /files blends them as the answers;
// a plain @blend question sends their text to the models with the question.
import * as vscode from "vscode";
import { posix } from "node:path";
import { decodeUtf8 } from "../core/candidates/decode";
import { uriToPath } from "./workspace-fs";

/** A referenced file (whole) or a range of one. */
export interface ChatFileRef {
  uri: vscode.Uri;
  range?: vscode.Range;
}

/** Text of the references sent with a question, at most this many characters in all. */
export const MAX_CONTEXT_CHARS = 200_000;

/** Uri and Location references in prompt order (VS Code lists them last first); other kinds are left out. */
export function fileReferences(refs: readonly vscode.ChatPromptReference[]): ChatFileRef[] {
  const out: Array<ChatFileRef & { at: number }> = [];
  refs.forEach((r, i) => {
    const at = r.range?.[0] ?? Number.MAX_SAFE_INTEGER - refs.length + i;
    if (r.value instanceof vscode.Uri) out.push({ uri: r.value, at });
    else if (r.value instanceof vscode.Location) out.push({ uri: r.value.uri, range: r.value.range, at });
  });
  return out.sort((a, b) => a.at - b.at).map(({ uri, range }) => (range ? { uri, range } : { uri }));
}

/**
 * The prompt with each reference written in it (`#file:notes.md`) replaced by
 * `replace(ref, typed)` (nothing by default); spaces tidied.
 */
export function promptWithoutReferences(prompt: string, refs: readonly vscode.ChatPromptReference[], replace: (ref: vscode.ChatPromptReference, typed: string) => string = () => ""): string {
  let out = prompt;
  const placed = refs.filter((r) => r.range).sort((a, b) => (b.range as [number, number])[0] - (a.range as [number, number])[0]);
  for (const r of placed) {
    const [start, end] = r.range as [number, number];
    out = out.slice(0, start) + replace(r, prompt.slice(start, end)) + out.slice(end);
  }
  return out.replace(/[ \t]{2,}/g, " ").trim();
}

/** How a reference is named: the workspace-relative path, with its lines for a range ("src/a.ts:3-9"). */
export function refName(ref: ChatFileRef): string {
  const path = vscode.workspace.asRelativePath(ref.uri, false);
  return ref.range ? `${path}:${ref.range.start.line + 1}-${ref.range.end.line + 1}` : path;
}

/** A candidate name for a reference: the file name without its extension, with the lines of a range. */
export function refModel(ref: ChatFileRef): string {
  const base = posix.basename(ref.uri.path);
  const ext = posix.extname(base);
  const name = ext ? base.slice(0, -ext.length) : base;
  return ref.range ? `${name}:${ref.range.start.line + 1}-${ref.range.end.line + 1}` : name;
}

/** The text of a reference: the open document's (unsaved edits included) or the file's; a range's text for a Location. */
export async function refText(ref: ChatFileRef): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === ref.uri.toString());
  if (open) return open.getText(ref.range);
  if (ref.range) return (await vscode.workspace.openTextDocument(ref.uri)).getText(ref.range);
  return decodeUtf8(await vscode.workspace.fs.readFile(ref.uri), uriToPath(ref.uri));
}

/**
 * The referenced files' text as extra input after a question: each under its name in a fence
 * long enough for the text. Folders and unreadable files are named in `skipped`.
 */
export async function referencesAsInput(refs: readonly ChatFileRef[], maxChars = MAX_CONTEXT_CHARS): Promise<{ input: string; skipped: string[] }> {
  const parts: string[] = [];
  const skipped: string[] = [];
  let left = maxChars;
  for (const ref of refs) {
    const name = refName(ref);
    let text: string;
    try {
      if (!ref.range && (await vscode.workspace.fs.stat(ref.uri)).type & vscode.FileType.Directory) {
        skipped.push(name);
        continue;
      }
      text = await refText(ref);
    } catch {
      skipped.push(name);
      continue;
    }
    if (left <= 0) {
      skipped.push(name);
      continue;
    }
    const cut = text.length > left ? text.slice(0, left) : text;
    left -= cut.length;
    const fence = "`".repeat(Math.max(3, ...[...cut.matchAll(/`{3,}/g)].map((m) => m[0].length + 1)));
    parts.push(`${name}${cut.length < text.length ? " (cut)" : ""}:\n${fence}\n${cut}\n${fence}`);
  }
  return { input: parts.join("\n\n"), skipped };
}
