import { promises as fsp } from "node:fs";
import { basename, extname, join } from "node:path";

/**
 * The file access loaders need. The CLI uses the Node file system; the extension passes an
 * adapter over `vscode.workspace.fs` (so virtual workspaces work), with URI strings as paths.
 */
export interface InputFs {
  readFile(path: string): Promise<Uint8Array>;
  stat(path: string): Promise<{ type: "file" | "dir"; size: number }>;
  /** Names (not paths) of the entries of a folder. */
  readDir(path: string): Promise<string[]>;
  join(dir: string, name: string): string;
  basename(path: string): string;
  extname(path: string): string;
}

export const nodeFs: InputFs = {
  readFile: async (p) => new Uint8Array(await fsp.readFile(p)),
  stat: async (p) => {
    const s = await fsp.stat(p);
    return { type: s.isDirectory() ? "dir" : "file", size: s.size };
  },
  readDir: async (p) => (await fsp.readdir(p)).sort(),
  join,
  basename,
  extname,
};
