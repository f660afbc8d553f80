import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { InputError } from "../errors";

/** Reads a data file as text, gunzipping `.gz` files. */
export function readDataText(path: string): string {
  if (!existsSync(path)) throw new InputError("data file not found (is ../shared/data there? set --data DIR)", path);
  const buf = readFileSync(path);
  return (path.endsWith(".gz") ? gunzipSync(buf) : buf).toString("utf8");
}

export function readJsonl(path: string): unknown[] {
  return readDataText(path)
    .split("\n")
    .map((l, i) => {
      if (!l.trim()) return null;
      try {
        return JSON.parse(l) as unknown;
      } catch (e) {
        throw new InputError(`malformed JSON: ${e instanceof Error ? e.message : String(e)}`, path, i + 1);
      }
    })
    .filter((x) => x !== null);
}

export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
