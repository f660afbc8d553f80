// Downloads one file over HTTP(S) into `dest`: through `dest.part`, resumed with a Range
// request when a partial file is left over, size and sha256 checked before the rename.
import { createHash, type Hash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname } from "node:path";
import { abortError, ModelError, throwIfAborted } from "../errors";

export interface DownloadOptions {
  /** Expected size in bytes (checked when given; else the Content-Length is checked). */
  size?: number;
  /** Expected sha256, lower-case hex (checked when non-empty). */
  sha256?: string;
  signal?: AbortSignal;
  /** Called with the bytes of this file received so far (resumed bytes count as received). */
  onBytes?: (received: number, total: number | undefined) => void;
  /** Extra attempts after a network failure, each resuming from the partial file. */
  retries?: number;
}

async function hashExisting(path: string, hash: Hash): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    createReadStream(path)
      .on("data", (c) => hash.update(c))
      .on("end", resolve)
      .on("error", reject);
  });
}

function networkMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${e.message}: ${cause.message}` : e.message;
}

/** One attempt: returns normally when `part` holds the whole file. Throws on HTTP/network errors. */
async function attempt(url: string, part: string, opts: DownloadOptions): Promise<void> {
  const have = existsSync(part) ? statSync(part).size : 0;
  if (opts.size !== undefined && have === opts.size) return; // complete but not yet checked and renamed
  const resume = have > 0 && (opts.size === undefined || have < opts.size);
  const res = await fetch(url, { headers: resume ? { Range: `bytes=${have}-` } : {}, signal: opts.signal, redirect: "follow" });
  if (res.status === 416) {
    if (opts.size !== undefined && have === opts.size) return; // already complete
    unlinkSync(part); // the partial file does not fit the remote one: start over
    throw new Error("the partial download does not match the remote file");
  }
  if (res.status === 404) throw new ModelError(`${url} was not found (HTTP 404)`);
  // Server errors are worth another attempt; other statuses are not.
  if (res.status >= 500) throw new Error(`HTTP ${res.status} ${res.statusText}`);
  if (!res.ok || !res.body) throw new ModelError(`${url}: HTTP ${res.status} ${res.statusText}`);
  const append = resume && res.status === 206;
  const length = Number(res.headers.get("content-length") ?? NaN);
  const total = opts.size ?? (Number.isFinite(length) ? length + (append ? have : 0) : undefined);
  const fh = await open(part, append ? "a" : "w");
  let received = append ? have : 0;
  try {
    opts.onBytes?.(received, total);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      await fh.write(chunk);
      received += chunk.byteLength;
      opts.onBytes?.(received, total);
    }
  } finally {
    await fh.close();
  }
  if (total !== undefined && received !== total) throw new Error(`connection closed after ${received} of ${total} bytes`);
}

/**
 * Downloads `url` to `dest`. A failed transfer keeps `dest.part` and is resumed on the next
 * attempt (or the next call); a file with the wrong size or checksum is deleted and reported.
 */
export async function downloadFile(url: string, dest: string, opts: DownloadOptions = {}): Promise<void> {
  mkdirSync(dirname(dest), { recursive: true });
  const part = dest + ".part";
  const retries = opts.retries ?? 2;
  for (let i = 0; ; i++) {
    throwIfAborted(opts.signal);
    try {
      await attempt(url, part, opts);
      break;
    } catch (e) {
      if (opts.signal?.aborted) throw abortError();
      if (e instanceof ModelError) throw e;
      if (i >= retries) throw new ModelError(`cannot download ${url}: ${networkMessage(e)}`);
    }
  }
  const size = statSync(part).size;
  if (opts.size !== undefined && size !== opts.size) {
    unlinkSync(part);
    throw new ModelError(`${url}: got ${size} bytes, expected ${opts.size}; the partial file was deleted, run the command again`);
  }
  if (opts.sha256) {
    const hash = createHash("sha256");
    await hashExisting(part, hash);
    const got = hash.digest("hex");
    if (got !== opts.sha256) {
      unlinkSync(part);
      throw new ModelError(`${url}: checksum mismatch (sha256 ${got}, expected ${opts.sha256}); the file was deleted, run the command again`);
    }
  }
  renameSync(part, dest);
}

/** GETs a small text file (a manifest); null on 404. */
export async function fetchText(url: string, signal?: AbortSignal): Promise<string | null> {
  let res: Response;
  try {
    res = await fetch(url, { signal, redirect: "follow" });
  } catch (e) {
    if (signal?.aborted) throw abortError();
    throw new ModelError(`cannot reach ${url}: ${networkMessage(e)}`);
  }
  if (res.status === 404) return null;
  if (!res.ok) throw new ModelError(`${url}: HTTP ${res.status} ${res.statusText}`);
  return res.text();
}
