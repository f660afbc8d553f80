// Plain-text rendering of rankings and pairwise matrices for the terminal.
import type { BallotReport, BlendExample, BlendIssue, RankResult } from "../core/types";
import { formatScore, sigmoid } from "../core/numbers";

function pad(s: string, n: number, right = false): string {
  const t = s.length > n ? s.slice(0, n - 1) + "…" : s;
  return right ? t.padStart(n) : t.padEnd(n);
}

export function formatRanking(ex: BlendExample, r: RankResult): string {
  const lines: string[] = [];
  const prompt = (ex.instruction + (ex.input ? " " + ex.input : "")).replace(/\s+/g, " ").trim();
  lines.push(`== ${ex.id}${prompt ? ` — ${prompt.length > 90 ? prompt.slice(0, 89) + "…" : prompt}` : ""}`);
  lines.push(rankHeader(r));
  const modelW = Math.min(32, Math.max(5, ...r.ranking.map((x) => x.model.length)));
  const strength = r.ranking.some((x) => x.strength !== undefined);
  lines.push(`${pad("rank", 4, true)}  ${pad("#", 3, true)}  ${pad("model", modelW)}  ${pad("score", 10, true)}  ${pad("wins", 4, true)}${strength ? "  " + pad("strength", 9, true) : ""}  chars`);
  for (const x of r.ranking) {
    lines.push(
      `${pad(String(x.rank), 4, true)}  ${pad(String(x.candidate + 1), 3, true)}  ${pad(x.model, modelW)}  ${pad(formatScore(x.score), 10, true)}  ${pad(String(x.wins), 4, true)}${strength ? "  " + pad((x.strength ?? 0).toFixed(3), 9, true) : ""}  ${ex.candidates[x.candidate].text.length}`,
    );
  }
  if (r.ballots) lines.push(...ballotLines(r.ballots));
  return lines.join("\n");
}

function rankHeader(r: RankResult): string {
  if (!r.ballots || !r.mode || r.mode === "pairwise")
    return `ranker ${r.ranker} · plan ${r.plan} · aggregate ${r.aggregate} · ${r.comparisons} comparisons${r.cacheHits ? ` (${r.cacheHits} from cache)` : ""}`;
  const k = r.ballots.orders;
  const how = r.mode === "council" ? `${k} order${k === 1 ? "" : "s"} per judge` : `${r.mode}, ${k} order${k === 1 ? "" : "s"}`;
  return `ranker ${r.ranker} · ${how} · aggregate ${r.aggregate} · ${r.comparisons} request${r.comparisons === 1 ? "" : "s"}${r.cacheHits ? ` (${r.cacheHits} ballot${r.cacheHits === 1 ? "" : "s"} from cache)` : ""}`;
}

/** Ballots counted and dropped; for several judges, how each agrees with the pooled ranking. */
function ballotLines(b: BallotReport): string[] {
  const lines = [`ballots: ${b.counted} counted${b.dropped ? `, ${b.dropped} dropped (see the problems below)` : ""}${b.cut.length ? ` · cut to fit: ${b.cut.join(", ")}` : ""}`];
  if (b.judges.length > 1) {
    const rated = b.judges.filter((j) => j.agreement !== null);
    // The one judge that agrees less than every other one, if there is such a judge.
    const low = rated.find((j) => rated.length > 2 && rated.every((o) => o === j || j.agreement! < o.agreement!));
    const parts = b.judges.map((j) => `${j.judge} ${j.agreement === null ? "n/a" : j.agreement.toFixed(2)}${j === low ? " (disagrees most)" : ""}`);
    lines.push(`judges' agreement with the pooled ranking (Kendall τ): ${parts.join(" · ")}`);
  }
  return lines;
}

/** The matrix as P(row beats column) = σ(logit); "·" where the plan did not compare; columns by candidate number. */
export function formatMatrix(ex: BlendExample, r: RankResult): string {
  const n = ex.candidates.length;
  if (n < 2) return "";
  const labelW = Math.min(24, Math.max(...ex.candidates.map((c, i) => `${i + 1} ${c.model}`.length)));
  const head = pad("P(row>col)", labelW) + " " + ex.candidates.map((_, j) => pad(String(j + 1), 5, true)).join(" ");
  const rows = ex.candidates.map((c, i) => {
    const cells = r.matrix[i].map((v, j) => pad(i === j ? "—" : v === null ? "·" : sigmoid(v).toFixed(2), 5, true));
    return pad(`${i + 1} ${c.model}`, labelW) + " " + cells.join(" ");
  });
  return [head, ...rows].join("\n");
}

export function formatIssues(issues: BlendIssue[], badRecords: number): string {
  if (!issues.length) return "";
  const lines = [`${issues.length} problem${issues.length === 1 ? "" : "s"}${badRecords ? ` (${badRecords} bad record${badRecords === 1 ? "" : "s"} skipped)` : ""}:`];
  for (const i of issues.slice(0, 50)) lines.push(`  ${i.where}: ${i.message}`);
  if (issues.length > 50) lines.push(`  … and ${issues.length - 50} more`);
  return lines.join("\n");
}
