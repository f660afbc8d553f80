import type { BlendExample, BlendIssue, BlendResult, FusedAnswer, Ranker, RankResult, RunOptions } from "./types";
import type { Fuser, FuseRunOptions } from "./fuse/fuser";
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
      const text = await fuser.fuse(
        { instruction: example.instruction, input: example.input, ranked },
        { signal: opts.signal, onProgress: opts.onProgress, onToken: opts.onToken },
      );
      fused = { fuser: fuser.name, label: fuser.label, topK: k, text, sources: ranked.map((c) => c.model) };
    } catch (e) {
      if (isAbortError(e)) throw e;
      issues.push({ where: `fuser ${fuser.name}`, message: e instanceof Error ? e.message : String(e) });
    }
    opts.onProgress?.({ stage: "fuse", done: 1, total: 1 });
  }
  return { example, rank, top, fused, issues };
}
