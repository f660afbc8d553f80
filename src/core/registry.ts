// The one place engines are looked up by name. Adding an engine = one line here + one file.
import type { PairwiseRanker } from "./types";
import type { Fuser } from "./fuse/fuser";
import type { EngineContext, EngineOptions } from "./engine-options";
import { InputError } from "./errors";
import { LengthRanker } from "./rank/engines/length";
import { RandomRanker } from "./rank/engines/random";
import { NoneFuser } from "./fuse/engines/none";

export interface RankerEntry {
  create(opts: EngineOptions, ctx: EngineContext): Promise<PairwiseRanker>;
  /** Heavy engines (ONNX models) run in the inference worker; light ones run in place. */
  worker: boolean;
  description: string;
}

export interface FuserEntry {
  create(opts: EngineOptions, ctx: EngineContext): Promise<Fuser>;
  worker: boolean;
  description: string;
}

export const rankers: Record<string, RankerEntry> = {
  length: { worker: false, description: "baseline: longer answer wins", create: async () => new LengthRanker() },
  random: { worker: false, description: "baseline: seeded random scores", create: async (o) => new RandomRanker(o.seed ?? 0) },
};

export const fusers: Record<string, FuserEntry> = {
  none: { worker: false, description: "no fusion: the top-ranked answer is the result", create: async () => new NoneFuser() },
};

export function rankerEntry(name: string): RankerEntry {
  const e = rankers[name];
  if (!e) throw new InputError(`unknown ranker "${name}" (known: ${Object.keys(rankers).join(", ")})`, undefined, undefined, "ranker");
  return e;
}

export function fuserEntry(name: string): FuserEntry {
  const e = fusers[name];
  if (!e) throw new InputError(`unknown fuser "${name}" (known: ${Object.keys(fusers).join(", ")})`, undefined, undefined, "fuser");
  return e;
}
