// The input lengths a PairRM folder can take. With a manifest they are its `lengths`; without
// one they come from config.json: a backbone with absolute position embeddings (DeBERTa-v2 with
// position_biased_input, the Hugging Face default) cannot see past max_position_embeddings, so
// PairRM's 2,048-token layout is scaled down to fit, and the ranker says so. Lengths that do
// not fit are refused before onnxruntime would fail on an out-of-range position.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ModelError } from "../../../errors";
import type { ModelManifest } from "../../../models/manifest";
import { PAIRRM_LENGTHS } from "./layout";

export interface PairRmLengths {
  source: number;
  candidate: number;
}

export interface LengthDecision {
  lengths: PairRmLengths;
  /** Said to the user when the lengths were not given by a manifest. */
  note?: string;
}

interface PositionFacts {
  /** Longest input the model can take, when its position embeddings are absolute. */
  limit?: number;
  file: string;
}

function positions(dir: string): PositionFacts | null {
  const file = join(dir, "config.json");
  if (!existsSync(file)) return null;
  let cfg: unknown;
  try {
    cfg = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ModelError(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const c = (cfg ?? {}) as { max_position_embeddings?: unknown; position_biased_input?: unknown; relative_attention?: unknown };
  const max = c.max_position_embeddings;
  // DeBERTa-v3 (PairRM itself) sets position_biased_input false: relative positions only, no hard limit.
  const absolute = c.position_biased_input !== false;
  if (!absolute || typeof max !== "number" || !Number.isInteger(max) || max <= 0) return { file };
  return { file, limit: max };
}

export function pairRmLengths(dir: string, manifest: ModelManifest | null): LengthDecision {
  const pos = positions(dir);
  const total = (l: PairRmLengths) => l.source + 2 * l.candidate;
  if (manifest?.lengths) {
    const l = manifest.lengths;
    if (pos?.limit !== undefined && total(l) > pos.limit)
      throw new ModelError(
        `${join(dir, "manifest.json")}: lengths source ${l.source} + 2 × candidate ${l.candidate} = ${total(l)} tokens, but ${pos.file} says the model has ${pos.limit} positions (max_position_embeddings): fix the manifest's lengths`,
      );
    return { lengths: l };
  }
  const where = `${dir} has no manifest.json`;
  if (pos?.limit === undefined || pos.limit >= total(PAIRRM_LENGTHS))
    return { lengths: { ...PAIRRM_LENGTHS }, note: `${where}: PairRM's own input lengths are used (source ${PAIRRM_LENGTHS.source}, candidates ${PAIRRM_LENGTHS.candidate} tokens each)` };
  const limit = pos.limit;
  const source = Math.floor((limit * PAIRRM_LENGTHS.source) / total(PAIRRM_LENGTHS));
  const candidate = Math.floor((limit - source) / 2);
  if (source < 8 || candidate < 8) throw new ModelError(`${pos.file}: max_position_embeddings ${limit} is too small for a PairRM input (a source and two candidates)`);
  return {
    lengths: { source, candidate },
    note: `${where}: input lengths taken from ${pos.file} (max_position_embeddings ${limit}): source ${source}, candidates ${candidate} tokens each, in PairRM's proportions (its own are ${PAIRRM_LENGTHS.source} and ${PAIRRM_LENGTHS.candidate})`,
  };
}
