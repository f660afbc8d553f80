// How the results panel names an answer's file: the path relative to its workspace folder, or
// just the file name for a file outside the workspace (the sample answers live in the
// extension's install folder); the full path stays in the tooltip.
import * as vscode from "vscode";
import { posix } from "node:path";
import type { BlendExample } from "../core/types";
import { pathToUri } from "./workspace-fs";

function inWorkspace(uri: vscode.Uri): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => {
    const root = f.uri.path.endsWith("/") ? f.uri.path : f.uri.path + "/";
    return f.uri.scheme === uri.scheme && f.uri.authority === uri.authority && uri.path.startsWith(root);
  });
}

export function fileLabel(file: string): string {
  const uri = pathToUri(file);
  if (!inWorkspace(uri)) return posix.basename(uri.path);
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** Labels of every answer file of the example, keyed by the file as the loaders named it. */
export function fileLabels(example: BlendExample): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of example.candidates) if (c.meta?.file && !(c.meta.file in out)) out[c.meta.file] = fileLabel(c.meta.file);
  return out;
}
