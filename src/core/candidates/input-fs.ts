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
  /**
   * The file's bytes in chunks, for streaming large datasets in bounded memory (each chunk
   * fresh memory, never reused). Without it, loaders read the whole file as one chunk.
   */
  readChunks?(path: string): AsyncIterable<Uint8Array>;
}

const CHUNK_BYTES = 1 << 20;

async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const h = await fsp.open(path, "r");
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await h.read(buf, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await h.close();
  }
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
  readChunks: fileChunks,
};

/** The bytes of `path` in chunks: the file system's own stream, or the whole file as one chunk. */
export async function* chunksOf(fs: InputFs, path: string): AsyncGenerator<Uint8Array> {
  if (fs.readChunks) yield* fs.readChunks(path);
  else yield await fs.readFile(path);
}
