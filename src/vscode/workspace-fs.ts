// InputFs over vscode.workspace.fs, so loaders read files in virtual workspaces too.
// Paths are plain file-system paths for `file:` URIs (readable messages) and URI strings otherwise.
import * as vscode from "vscode";
import { posix } from "node:path";
import type { InputFs } from "../core/candidates/input-fs";

const URI_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]+:/;

export function pathToUri(path: string): vscode.Uri {
  // Two or more letters before ":" = a scheme; "C:" is a Windows drive.
  return URI_SCHEME.test(path) ? vscode.Uri.parse(path, true) : vscode.Uri.file(path);
}

export function uriToPath(uri: vscode.Uri): string {
  return uri.scheme === "file" ? uri.fsPath : uri.toString();
}

export function workspaceInputFs(fs: vscode.FileSystem = vscode.workspace.fs): InputFs {
  return {
    readFile: async (p) => fs.readFile(pathToUri(p)),
    stat: async (p) => {
      const s = await fs.stat(pathToUri(p));
      return { type: s.type & vscode.FileType.Directory ? "dir" : s.type & vscode.FileType.File ? "file" : "other", size: s.size };
    },
    readDir: async (p) => (await fs.readDirectory(pathToUri(p))).map(([name]) => name).sort(),
    join: (dir, name) => uriToPath(vscode.Uri.joinPath(pathToUri(dir), name)),
    basename: (p) => posix.basename(pathToUri(p).path),
    extname: (p) => posix.extname(pathToUri(p).path),
  };
}
