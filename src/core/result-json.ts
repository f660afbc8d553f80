// The DESIGN.md JSON shapes of rank and blend results: what `answer-blender rank|blend --json`
// prints per item and what the extension's "Export Blend" writes (extra fields are additive).
import type { BlendResult, RankResult } from "./types";

export function rankJson(r: RankResult) {
  return {
    id: r.id,
    ranking: r.ranking.map((x) => ({ candidate: x.candidate, model: x.model, rank: x.rank, score: x.score, wins: x.wins, ...(x.strength !== undefined ? { strength: x.strength } : {}) })),
    matrix: r.matrix,
    comparisons: r.comparisons,
    ranker: r.ranker,
    mode: r.mode ?? "pairwise",
    ...(r.ballots ? { ballots: r.ballots } : {}),
    plan: r.plan,
    aggregate: r.aggregate,
    cacheHits: r.cacheHits,
  };
}

export function blendJson(b: BlendResult) {
  return {
    ...rankJson(b.rank),
    top: { model: b.top.model, text: b.top.text },
    fused: b.fused
      ? { fuser: b.fused.fuser, label: b.fused.label, topK: b.fused.topK, text: b.fused.text, sources: b.fused.sources, ...(b.fused.unchanged ? { unchanged: true } : {}) }
      : null,
    issues: b.issues,
  };
}
