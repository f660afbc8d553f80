// Auto-J's human-labelled pairwise test set → blend-set records with one judgment each.
import { join } from "node:path";
import type { BlendExample } from "../types";
import { InputError } from "../errors";
import { isRecord, readJsonl } from "./read-data";

export const AUTOJ_FILE = "autoj/data/test/testdata_pairwise.jsonl";
const WINNER = ["a", "b", "tie"] as const;

export function convertAutoJ(dataDir: string): BlendExample[] {
  const file = join(dataDir, AUTOJ_FILE);
  return readJsonl(file).map((r, i) => {
    if (!isRecord(r)) throw new InputError("record must be an object", file, i + 1);
    const label = r.label;
    if (label !== 0 && label !== 1 && label !== 2) throw new InputError(`label must be 0, 1 or 2`, file, i + 1, "label");
    for (const f of ["prompt", "response 1", "response 2"])
      if (typeof r[f] !== "string") throw new InputError("must be a string", file, i + 1, f);
    return {
      id: `autoj-${i + 1}`,
      instruction: r.prompt as string,
      input: "",
      candidates: [
        { model: "response 1", text: r["response 1"] as string },
        { model: "response 2", text: r["response 2"] as string },
      ],
      judgments: [{ a: "response 1", b: "response 2", winner: WINNER[label] }],
    };
  });
}
