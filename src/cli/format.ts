// Plain-text rendering of rankings and pairwise matrices for the terminal.
import type { BlendExample, BlendIssue, RankResult } from "../core/types";
import { formatScore, sigmoid } from "../core/numbers";

function pad(s: string, n: number, right = false): string {
  const t = s.length > n ? s.slice(0, n - 1) + "…" : s;
  return right ? t.padStart(n) : t.padEnd(n);
}

export function formatRanking(ex: BlendExample, r: RankResult): string {
  const lines: string[] = [];
  const prompt = (ex.instruction + (ex.input ? " " + ex.input : "")).replace(/\s+/g, " ").trim();
  lines.push(`== ${ex.id}${prompt ? ` — ${prompt.length > 90 ? prompt.slice(0, 89) + "…" : prompt}` : ""}`);
  lines.push(`ranker ${r.ranker} · plan ${r.plan} · aggregate ${r.aggregate} · ${r.comparisons} comparisons${r.cacheHits ? ` (${r.cacheHits} from cache)` : ""}`);
  const modelW = Math.min(32, Math.max(5, ...r.ranking.map((x) => x.model.length)));
  const strength = r.ranking.some((x) => x.strength !== undefined);
  lines.push(`${pad("rank", 4, true)}  ${pad("#", 3, true)}  ${pad("model", modelW)}  ${pad("score", 10, true)}  ${pad("wins", 4, true)}${strength ? "  " + pad("strength", 9, true) : ""}  chars`);
  for (const x of r.ranking) {
    lines.push(
      `${pad(String(x.rank), 4, true)}  ${pad(String(x.candidate + 1), 3, true)}  ${pad(x.model, modelW)}  ${pad(formatScore(x.score), 10, true)}  ${pad(String(x.wins), 4, true)}${strength ? "  " + pad((x.strength ?? 0).toFixed(3), 9, true) : ""}  ${ex.candidates[x.candidate].text.length}`,
    );
  }
  return lines.join("\n");
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
