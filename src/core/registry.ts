// The one place engines are looked up by name. Adding an engine = one line here + one file.
import type { AggregatorName, Ranker } from "./types";
import type { Fuser } from "./fuse/fuser";
import type { EngineContext, EngineOptions } from "./engine-options";
import { InputError } from "./errors";
import { LengthRanker } from "./rank/engines/length";
import { RandomRanker } from "./rank/engines/random";
import { NoneFuser } from "./fuse/engines/none";

export interface RankerEntry {
  create(opts: EngineOptions, ctx: EngineContext): Promise<Ranker>;
  /** Heavy engines (ONNX models) run in the inference worker; light ones run in place. */
  worker: boolean;
  description: string;
  /** The aggregator used when none is chosen (default max-logits). */
  defaultAggregate?: AggregatorName;
}

export interface FuserEntry {
  create(opts: EngineOptions, ctx: EngineContext): Promise<Fuser>;
  worker: boolean;
  description: string;
}

export const rankers: Record<string, RankerEntry> = {
  length: { worker: false, description: "baseline: longer answer wins", create: async () => new LengthRanker() },
  random: { worker: false, description: "baseline: seeded random scores", create: async (o) => new RandomRanker(o.seed ?? 0) },
  builtin: { worker: true, description: "the small offline model shipped in models/builtin (default)", create: async (o, ctx) => (await import("./rank/engines/builtin")).createBuiltinRanker(o, ctx) },
  pairrm: { worker: true, description: "PairRM-compatible ONNX pairwise ranker (onnxruntime-node)", create: async (o, ctx) => (await import("./rank/engines/pairrm")).createPairRmRanker(o, ctx) },
  reward: { worker: true, description: "a sequence-classification reward model in ONNX (Skywork-Reward-V2 class), pointwise: score(a) − score(b)", create: async (o, ctx) => (await import("./rank/engines/reward")).createRewardRanker(o, ctx) },
  judge: { worker: false, description: "an LLM on an OpenAI-compatible endpoint judges each pair (or, listwise, ranks all answers per request)", create: async (o, ctx) => (await import("./rank/engines/judge")).createJudgeRanker(o, ctx) },
  council: {
    worker: false,
    description: "every answering model ranks the other models' answers; ballots pooled with Bradley–Terry",
    defaultAggregate: "bradley-terry",
    create: async (o, ctx) => (await import("./rank/engines/listwise/council")).createCouncilRanker(o, ctx),
  },
};

/** The aggregator a ranker uses when none is chosen. */
export function defaultAggregate(ranker: string): AggregatorName {
  return rankers[ranker]?.defaultAggregate ?? "max-logits";
}

export const fusers: Record<string, FuserEntry> = {
  none: { worker: false, description: "no fusion: the top-ranked answer is the result", create: async () => new NoneFuser() },
  genfuser: { worker: true, description: "LLM-Blender's GenFuser (Flan-T5 seq2seq ONNX, transformers.js), beam search", create: async (o, ctx) => (await import("./fuse/engines/genfuser/genfuser")).createGenFuser(o, ctx) },
  extractive: { worker: false, description: "offline default: merges supported sentences/list items of the top K, never invents text", create: async () => (await import("./fuse/engines/extractive")).createExtractiveFuser() },
  llm: { worker: false, description: "an LLM on an OpenAI-compatible endpoint synthesises the top K", create: async (o, ctx) => (await import("./fuse/engines/llm")).createLlmFuser(o, ctx) },
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
