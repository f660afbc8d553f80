import type { BlendExample, BlendIssue, BlendResult, Candidate, FusedAnswer, Ranker, RankResult, RunOptions } from "./types";
import type { Fuser, FuseOutput, FuseRunOptions } from "./fuse/fuser";
import { isAbortError, throwIfAborted } from "./errors";
import { PairCache } from "./rank/pair-cache";
import { rankExample, type RankSettings } from "./rank/rank-example";

export interface BlendSettings extends RankSettings {
  /** How many top answers the fuser gets. */
  fuseTopK: number;
}

export interface BlendOptions extends RunOptions {
  cache?: PairCache;
  onToken?: FuseRunOptions["onToken"];
  /** Called once the ranking is known, before fusion starts (so callers can show it first). */
  onRanked?: (rank: RankResult) => void;
}

/**
 * The fused answer with its credits: "From" names only answers whose text is in it. A fuser
 * that tried and gave back answer #1 exactly is `unchanged` (the `none` fuser does not try).
 */
export function fusedAnswer(fuser: Pick<Fuser, "name" | "label">, topK: number, ranked: Candidate[], out: FuseOutput): FusedAnswer {
  const used = out.used?.filter((i) => i >= 0 && i < ranked.length) ?? ranked.map((_, i) => i);
  const asIs = out.text === ranked[0]?.text;
  return {
    fuser: fuser.name,
    label: fuser.label,
    topK,
    text: out.text,
    sources: asIs ? [ranked[0].model] : used.map((i) => ranked[i].model),
    ...(asIs && fuser.name !== "none" ? { unchanged: true } : {}),
  };
}

/**
 * rank → fuse for one example. A fuser failure does not lose the ranking: it is recorded
 * as an issue and `fused` stays null (the top-ranked answer is always there).
 */
export async function blendExample(
  example: BlendExample,
  ranker: Ranker,
  fuser: Fuser | null,
  settings: BlendSettings,
  opts: BlendOptions = {},
): Promise<BlendResult> {
  const issues: BlendIssue[] = [...(example.errors ?? [])];
  if (example.candidates.length === 0) throw new Error(`example ${example.id}: no candidates to blend`);
  const rank = await rankExample(example, ranker, settings, opts.cache ?? new PairCache(), opts);
  opts.onRanked?.(rank);
  const top = example.candidates[rank.ranking[0].candidate];
  let fused: FusedAnswer | null = null;
  if (fuser) {
    throwIfAborted(opts.signal);
    const k = Math.max(1, Math.min(settings.fuseTopK, rank.ranking.length));
    const ranked = rank.ranking.slice(0, k).map((r) => example.candidates[r.candidate]);
    opts.onProgress?.({ stage: "fuse", done: 0, total: 1, message: fuser.label });
    try {
      const out = await fuser.fuse(
        { instruction: example.instruction, input: example.input, ranked },
        { signal: opts.signal, onProgress: opts.onProgress, onToken: opts.onToken },
      );
      fused = fusedAnswer(fuser, k, ranked, typeof out === "string" ? { text: out } : out);
    } catch (e) {
      if (isAbortError(e)) throw e;
      issues.push({ where: `fuser ${fuser.name}`, message: e instanceof Error ? e.message : String(e) });
    }
    opts.onProgress?.({ stage: "fuse", done: 1, total: 1 });
  }
  return { example, rank, top, fused, issues };
}
