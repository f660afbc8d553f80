import { InputError } from "../errors";

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Line number (1-based) of a byte offset. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that is not part of valid UTF-8. */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    try {
      decoder.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return bytes.length;
}

/** Decodes UTF-8 strictly (a BOM is dropped); non-UTF-8 bytes → InputError naming file and line. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const at = firstInvalidByte(bytes);
    throw new InputError(`not valid UTF-8 (byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, "0")} at offset ${at})`, file, lineOfByte(bytes, at));
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
  return `not valid UTF-8 (byte 0x${badByte.toString(16).padStart(2, "0")} at column ${offset + 1})`;
}
