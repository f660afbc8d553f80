import { constants, promises as fsp, type Stats } from "node:fs";
import { basename, extname, join } from "node:path";

export interface InputStat {
  /** "other": a named pipe, socket or device — never read (a pipe would block forever). */
  type: "file" | "dir" | "other";
  size: number;
  /** What an "other" entry is ("named pipe", "socket", …), where the file system says. */
  kind?: string;
}

/**
 * The file access loaders need. The CLI uses the Node file system; the extension passes an
 * adapter over `vscode.workspace.fs` (so virtual workspaces work), with URI strings as paths.
 */
export interface InputFs {
  /** Rejects for anything that is not a regular file (never blocks on a pipe). */
  readFile(path: string): Promise<Uint8Array>;
  /** Follows symbolic links; rejects for a missing entry, a broken link or a link loop. */
  stat(path: string): Promise<InputStat>;
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

function kindOf(s: Stats): string | undefined {
  if (s.isFIFO()) return "named pipe";
  if (s.isSocket()) return "socket";
  if (s.isCharacterDevice()) return "character device";
  if (s.isBlockDevice()) return "block device";
  return undefined;
}

function fsError(message: string, code: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(message);
  e.code = code;
  return e;
}

/** "a named pipe, not a regular file" (or "not a regular file" when the kind is unknown). */
export function notRegularFile(kind?: string): string {
  return kind ? `a ${kind}, not a regular file` : "not a regular file";
}

/** A file-system failure in words a user can act on ("a broken symbolic link", "permission denied"). */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const own = e instanceof Error ? e.message : String(e);
  switch (code) {
    case "ENOENT":
      return own.startsWith("a broken symbolic link") ? own : "no such file or folder";
    case "ELOOP":
      return "a symbolic link loop";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "a folder, not a file";
    case "ENOTDIR":
      return "a path through something that is not a folder";
    case "ENXIO":
      return "cannot be opened (a socket or a device without a reader)";
    case "ENOTREG":
      return own;
    default:
      return code ? `cannot read (${code})` : own;
  }
}

/** Opens for reading without blocking (a pipe with no writer would hang `open`), and refuses anything but a regular file. */
async function openRegular(path: string): Promise<fsp.FileHandle> {
  const h = await fsp.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const s = await h.stat();
    if (!s.isFile()) throw fsError(s.isDirectory() ? "a folder, not a file" : notRegularFile(kindOf(s)), "ENOTREG");
    return h;
  } catch (e) {
    await h.close();
    throw e;
  }
}

async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const h = await openRegular(path);
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
  readFile: async (p) => {
    const h = await openRegular(p);
    try {
      return new Uint8Array(await h.readFile());
    } finally {
      await h.close();
    }
  },
  stat: async (p) => {
    let s: Stats;
    try {
      s = await fsp.stat(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT" && (await fsp.lstat(p).catch(() => null))?.isSymbolicLink())
        throw fsError("a broken symbolic link (its target does not exist)", "ENOENT");
      throw e;
    }
    const type = s.isDirectory() ? "dir" : s.isFile() ? "file" : "other";
    return { type, size: s.size, ...(type === "other" ? { kind: kindOf(s) } : {}) };
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
