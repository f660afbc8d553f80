import { InputError } from "../errors";

const decoder = new TextDecoder("utf-8", { fatal: true });
const lenientDecoder = new TextDecoder("utf-8");

export const hex = (b: number) => `0x${b.toString(16).padStart(2, "0")}`;

/** Line number (1-based) of a byte offset. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

const cont = (b: number | undefined) => b !== undefined && b >= 0x80 && b <= 0xbf;

/** Length of the well-formed UTF-8 sequence at `i` (Unicode Table 3-7), or 0 when it is not one. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const b1 = bytes[i + 1];
  if (b >= 0xc2 && b <= 0xdf) return cont(b1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const ok1 = b === 0xe0 ? b1 >= 0xa0 && b1 <= 0xbf : b === 0xed ? b1 >= 0x80 && b1 <= 0x9f : cont(b1);
    return ok1 && cont(bytes[i + 2]) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const ok1 = b === 0xf0 ? b1 >= 0x90 && b1 <= 0xbf : b === 0xf4 ? b1 >= 0x80 && b1 <= 0x8f : cont(b1);
    return ok1 && cont(bytes[i + 2]) && cont(bytes[i + 3]) ? 4 : 0;
  }
  return 0;
}

/** Offset of the first byte at or after `from` that is not part of valid UTF-8 (bytes.length if none). */
export function firstInvalidByte(bytes: Uint8Array, from = 0): number {
  let i = from;
  while (i < bytes.length) {
    const len = sequenceLength(bytes, i);
    if (len === 0) return i;
    i += len;
  }
  return bytes.length;
}

export interface BadByte {
  /** The byte that is not UTF-8 and its 1-based line. */
  byte: number;
  line: number;
  /** Offset of its U+FFFD in the decoded text. */
  at: number;
}

/**
 * Decodes UTF-8, each byte that is not part of valid UTF-8 becoming U+FFFD, and says where
 * they were (so a dataset can skip just the records that hold one).
 */
export function decodeLenient(bytes: Uint8Array): { text: string; bad: BadByte[] } {
  const parts: string[] = [];
  const bad: BadByte[] = [];
  let length = 0;
  let line = 1;
  let lineCounted = 0;
  for (let i = 0; i < bytes.length; ) {
    const stop = firstInvalidByte(bytes, i);
    const part = lenientDecoder.decode(bytes.subarray(i, stop));
    parts.push(part);
    length += part.length;
    if (stop >= bytes.length) break;
    for (; lineCounted < stop; lineCounted++) if (bytes[lineCounted] === 0x0a) line++;
    bad.push({ byte: bytes[stop], line, at: length });
    parts.push("\ufffd");
    length++;
    i = stop + 1;
  }
  const text = parts.join("");
  if (text.charCodeAt(0) === 0xfeff) return { text: text.slice(1), bad: bad.map((b) => ({ ...b, at: b.at - 1 })) };
  return { text, bad };
}

/** Decodes UTF-8 strictly (a BOM is dropped); non-UTF-8 bytes → InputError naming file and line. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const at = firstInvalidByte(bytes);
    throw new InputError(`not valid UTF-8 (byte ${hex(bytes[at] ?? 0)} at offset ${at})`, file, lineOfByte(bytes, at));
  }
}

/** Strict UTF-8 of one line (a BOM is dropped): its text, or the first byte that is not UTF-8 and its offset in the line. */
export function decodeLine(bytes: Uint8Array): { text: string } | { badByte: number; offset: number } {
  try {
    const text = decoder.decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    const offset = firstInvalidByte(bytes);
    return { badByte: bytes[offset] ?? 0, offset };
  }
}

/** "byte 0xff at column 17": where a line stops being UTF-8. */
export function describeBadByte(badByte: number, offset: number): string {
  return `not valid UTF-8 (byte ${hex(badByte)} at column ${offset + 1})`;
}
