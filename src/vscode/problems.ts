// Problems as the user sees them: one problem, one line; each only once; and, when a problem
// names a file (and line), an "Open File" action that opens it there. Used for the partial
// results of a blend, for failures, and by the results panel's problem list.
import * as vscode from "vscode";
import { InputError } from "../core/errors";
import type { BlendIssue } from "../core/types";
import { pathToUri } from "./workspace-fs";

/** A file (as the loaders name it: a path, or a URI string in virtual workspaces) and a 1-based line. */
export interface FileLocation {
  file: string;
  line?: number;
}

/** Where a problem or an error is, when it names a file. */
export function locationOf(x: unknown): FileLocation | undefined {
  if (x instanceof InputError) return x.file ? { file: x.file, ...(x.line !== undefined ? { line: x.line } : {}) } : undefined;
  if (typeof x === "object" && x !== null) {
    const i = x as Partial<BlendIssue>;
    if (typeof i.file === "string" && i.file) return { file: i.file, ...(typeof i.line === "number" ? { line: i.line } : {}) };
  }
  return undefined;
}

/** The one location among these problems, when exactly one file is named (else undefined: which would it open?). */
export function soleLocation(issues: readonly BlendIssue[]): FileLocation | undefined {
  const located = issues.map(locationOf).filter((l): l is FileLocation => l !== undefined);
  const files = new Set(located.map((l) => l.file));
  return files.size === 1 ? located[0] : undefined;
}

/** Opens the file in an editor with the cursor at the start of the line (line 1 when none is known). */
export async function openLocation(loc: FileLocation): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(pathToUri(loc.file));
  const line = Math.max(0, Math.min((loc.line ?? 1) - 1, Math.max(0, doc.lineCount - 1)));
  const at = new vscode.Position(line, 0);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at), preview: false });
}
