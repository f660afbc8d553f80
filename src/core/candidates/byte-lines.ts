// Splits a stream of byte chunks into lines without decoding them (each line is decoded on
// its own, so one bad byte costs one line) and without holding more than one line at a time.

export type ByteLine =
  /** `bytes` excludes the line break ("\n" or "\r\n"). It may share memory with the chunk it came from. */
  | { line: number; bytes: Uint8Array; tooLong?: undefined }
  /** A line longer than the limit: skipped without being kept; `length` is its size in bytes. */
  | { line: number; tooLong: true; length: number };

/** Work counters, so tests can check that reading stays linear (no byte is copied twice). */
export interface ByteLineStats {
  /** Bytes that came in. */
  bytesIn: number;
  /** Bytes of the lines handed out so far (with their line breaks): how far the reader has got. */
  bytesDone: number;
  /** Bytes copied to join a line split across chunks. */
  bytesCopied: number;
  /** The most bytes held for one unfinished line at any time. */
  maxPending: number;
}

export function newByteLineStats(): ByteLineStats {
  return { bytesIn: 0, bytesDone: 0, bytesCopied: 0, maxPending: 0 };
}

function concat(parts: Uint8Array[], total: number, stats: ByteLineStats): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  stats.bytesCopied += total;
  return out;
}

function trimCr(b: Uint8Array): Uint8Array {
  return b.length && b[b.length - 1] === 0x0d ? b.subarray(0, b.length - 1) : b;
}

/**
 * Lines of a byte stream, numbered from 1. A final line without a line break is a line too.
 * Lines over `maxLineBytes` are reported as too long and never buffered whole. The producer
 * must not reuse a chunk's memory after handing it over (lines may point into it).
 */
export async function* byteLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes: number, stats: ByteLineStats = newByteLineStats()): AsyncGenerator<ByteLine> {
  let pending: Uint8Array[] = [];
  let pendingLen = 0;
  let skipping = false; // inside a line that is already too long
  let line = 0;
  for await (const chunk of chunks) {
    stats.bytesIn += chunk.length;
    let start = 0;
    while (start <= chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (!skipping) {
        if (pendingLen + piece.length > maxLineBytes) {
          skipping = true;
          pending = [];
        } else if (piece.length) {
          pending.push(piece);
        }
      }
      pendingLen += piece.length;
      if (nl < 0) {
        stats.maxPending = Math.max(stats.maxPending, skipping ? 0 : pendingLen);
        break;
      }
      line++;
      stats.bytesDone += pendingLen + 1;
      if (skipping) yield { line, tooLong: true, length: pendingLen };
      else yield { line, bytes: trimCr(concat(pending, pendingLen, stats)) };
      pending = [];
      pendingLen = 0;
      skipping = false;
      start = nl + 1;
    }
  }
  if (pendingLen > 0 || skipping) {
    line++;
    stats.bytesDone += pendingLen;
    if (skipping) yield { line, tooLong: true, length: pendingLen };
    else yield { line, bytes: trimCr(concat(pending, pendingLen, stats)) };
  }
}
