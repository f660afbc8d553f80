// Plain-text rendering of rankings and pairwise matrices for the terminal. Every name and
// message is untrusted: control characters are shown escaped, widths are counted in columns.
import type { BallotReport, BlendExample, BlendIssue, RankResult } from "../core/types";
import { formatScore, sigmoid } from "../core/numbers";
import { displayWidth, escapeControls, fitWidth, truncateToWidth } from "../core/display-text";
import { problemLine } from "../core/issues";

const pad = fitWidth;

/** One line of untrusted text for the terminal: whitespace runs as one space, controls escaped. */
export function oneLine(s: string): string {
  return escapeControls(s.replace(/[ \t\r\n]+/g, " ").trim());
}

export function formatRanking(ex: BlendExample, r: RankResult): string {
  const lines: string[] = [];
  const prompt = oneLine(ex.instruction + (ex.input ? " " + ex.input : ""));
  lines.push(`== ${escapeControls(ex.id)}${prompt ? ` — ${truncateToWidth(prompt, 90)}` : ""}`);
  lines.push(rankHeader(r));
  const models = r.ranking.map((x) => escapeControls(x.model));
  const modelW = Math.min(32, Math.max(5, ...models.map(displayWidth)));
  const strength = r.ranking.some((x) => x.strength !== undefined);
  lines.push(`${pad("rank", 4, true)}  ${pad("#", 3, true)}  ${pad("model", modelW)}  ${pad("score", 10, true)}  ${pad("wins", 4, true)}${strength ? "  " + pad("strength", 9, true) : ""}  chars`);
  r.ranking.forEach((x, k) => {
    lines.push(
      `${pad(String(x.rank), 4, true)}  ${pad(String(x.candidate + 1), 3, true)}  ${pad(models[k], modelW)}  ${pad(formatScore(x.score), 10, true)}  ${pad(String(x.wins), 4, true)}${strength ? "  " + pad((x.strength ?? 0).toFixed(3), 9, true) : ""}  ${ex.candidates[x.candidate].text.length}`,
    );
  });
  if (r.ballots) lines.push(...ballotLines(r.ballots));
  return lines.join("\n");
}

function rankHeader(r: RankResult): string {
  const ranker = escapeControls(r.ranker);
  if (!r.ballots || !r.mode || r.mode === "pairwise")
    return `ranker ${ranker} · plan ${r.plan} · aggregate ${r.aggregate} · ${r.comparisons} comparisons${r.cacheHits ? ` (${r.cacheHits} from cache)` : ""}`;
  const k = r.ballots.orders;
  const how = r.mode === "council" ? `${k} order${k === 1 ? "" : "s"} per judge` : `${r.mode}, ${k} order${k === 1 ? "" : "s"}`;
  return `ranker ${ranker} · ${how} · aggregate ${r.aggregate} · ${r.comparisons} request${r.comparisons === 1 ? "" : "s"}${r.cacheHits ? ` (${r.cacheHits} ballot${r.cacheHits === 1 ? "" : "s"} from cache)` : ""}`;
}

/** Ballots counted and dropped; for several judges, how each agrees with the pooled ranking. */
function ballotLines(b: BallotReport): string[] {
  const lines = [`ballots: ${b.counted} counted${b.dropped ? `, ${b.dropped} dropped (see the problems below)` : ""}${b.cut.length ? ` · cut to fit: ${b.cut.map(oneLine).join(", ")}` : ""}`];
  if (b.judges.length > 1) {
    const rated = b.judges.filter((j) => j.agreement !== null);
    // The one judge that agrees less than every other one, if there is such a judge.
    const low = rated.find((j) => rated.length > 2 && rated.every((o) => o === j || j.agreement! < o.agreement!));
    const parts = b.judges.map((j) => `${oneLine(j.judge)} ${j.agreement === null ? "n/a" : j.agreement.toFixed(2)}${j === low ? " (disagrees most)" : ""}`);
    lines.push(`judges' agreement with the pooled ranking (Kendall τ): ${parts.join(" · ")}`);
  }
  return lines;
}

/** The matrix as P(row beats column) = σ(logit); "·" where the plan did not compare; columns by candidate number. */
export function formatMatrix(ex: BlendExample, r: RankResult): string {
  const n = ex.candidates.length;
  if (n < 2) return "";
  const labels = ex.candidates.map((c, i) => `${i + 1} ${escapeControls(c.model)}`);
  const labelW = Math.min(24, Math.max(...labels.map(displayWidth)));
  const head = pad("P(row>col)", labelW) + " " + ex.candidates.map((_, j) => pad(String(j + 1), 5, true)).join(" ");
  const rows = ex.candidates.map((_, i) => {
    const cells = r.matrix[i].map((v, j) => pad(i === j ? "—" : v === null ? "·" : sigmoid(v).toFixed(2), 5, true));
    return pad(labels[i], labelW) + " " + cells.join(" ");
  });
  return [head, ...rows].join("\n");
}

export function formatIssues(issues: BlendIssue[], badRecords: number): string {
  if (!issues.length) return "";
  const lines = [`${issues.length} problem${issues.length === 1 ? "" : "s"}${badRecords ? ` (${badRecords} bad record${badRecords === 1 ? "" : "s"} skipped)` : ""}:`];
  for (const i of issues.slice(0, 50)) lines.push(`  ${oneLine(problemLine(i))}`);
  if (issues.length > 50) lines.push(`  … and ${issues.length - 50} more`);
  return lines.join("\n");
}
