// A blend as a Markdown document: prompt, fused answer, ranking, pairwise matrix, every
// answer and the problems met. Answers are quoted line by line, so a heading or rule inside an
// answer stays inside its quote instead of breaking the report's own structure.
import type { BlendResult } from "../types";
import { formatScore, sigmoid } from "../numbers";
import { escapeControls, escapeControlsKeepLines } from "../display-text";
import { NO_ADDITIONS } from "../fuse/fuser";

export interface ReportContext {
  /** Where the candidates came from ("4 files", "3 endpoints"). */
  sourceLabel?: string;
  /** ISO time the blend was made. */
  createdAt?: string;
}

/** Text safe inside one line of Markdown (a table cell or a heading): no HTML, no markup, no line breaks, control characters escaped. */
export function inlineMarkdown(s: string): string {
  return escapeControls(s.replace(/\s+/g, " ").trim()).replace(/[\\`*_[\]|#<>~]/g, (c) => (c === "<" ? "&lt;" : c === ">" ? "&gt;" : "\\" + c));
}

/** Every line of `text` as a block quote (an empty text becomes an empty quote line); control characters other than tabs escaped. */
export function quoteBlock(text: string): string {
  return escapeControlsKeepLines(text.replace(/\r\n?/g, "\n"))
    .replace(/\n+$/, "")
    .split("\n")
    .map((l) => (l ? "> " + l : ">"))
    .join("\n");
}

function title(instruction: string, id: string): string {
  const first = instruction.split("\n").find((l) => l.trim()) ?? "";
  const t = first.trim().length > 80 ? first.trim().slice(0, 79) + "…" : first.trim();
  return inlineMarkdown(t || id);
}

export function blendReportMarkdown(b: BlendResult, ctx: ReportContext = {}): string {
  const { example, rank, fused, issues } = b;
  const rankOf = new Map(rank.ranking.map((r) => [r.candidate, r.rank]));
  const label = (i: number) => `#${rankOf.get(i)} ${inlineMarkdown(example.candidates[i].model)}`;
  const out: string[] = [];
  out.push(`# Blend: ${title(example.instruction, example.id)}`, "");
  out.push("## Prompt", "", quoteBlock(example.instruction || "(no instruction)"));
  if (example.input) out.push(">", quoteBlock(example.input));
  out.push("");
  const facts = [
    ctx.sourceLabel ? inlineMarkdown(ctx.sourceLabel) : null,
    `${example.candidates.length} answers`,
    `ranker ${inlineMarkdown(rank.ranker)}`,
    ...(rank.mode && rank.mode !== "pairwise"
      ? [`${rank.mode}, ${rank.ballots?.orders ?? 1} order${rank.ballots?.orders === 1 ? "" : "s"}${rank.mode === "council" ? " per judge" : ""}`, `aggregator ${rank.aggregate}`, `${rank.comparisons} requests`]
      : [`plan ${rank.plan}`, `aggregator ${rank.aggregate}`, `${rank.comparisons} comparisons`]),
    ctx.createdAt ?? null,
  ].filter((f): f is string => f !== null);
  out.push(facts.join(" · "), "");
  if (issues.length) {
    out.push(`**Partial result: ${issues.length} problem${issues.length === 1 ? "" : "s"}.**`, "");
    for (const i of issues) out.push(`- ${inlineMarkdown(i.where)}: ${inlineMarkdown(i.message)}`);
    out.push("");
  }

  if (fused?.unchanged) {
    out.push("## Top-ranked answer", "", `*${inlineMarkdown(fused.label)}, top ${fused.topK}: ${NO_ADDITIONS} (${inlineMarkdown(b.top.model)}).*`, "", quoteBlock(b.top.text), "");
  } else if (fused) {
    out.push("## Fused answer", "", `*${inlineMarkdown(fused.label)}, top ${fused.topK}: ${fused.sources.map(inlineMarkdown).join(", ")}*`, "", quoteBlock(fused.text), "");
  } else {
    out.push("## Top-ranked answer", "", `*No fusion was made for this blend: this is the answer ranked first (${inlineMarkdown(b.top.model)}).*`, "", quoteBlock(b.top.text), "");
  }

  const strength = rank.ranking.some((r) => r.strength !== undefined);
  out.push("## Ranking", "");
  out.push(`| Rank | Model | Score | Wins${strength ? " | Strength" : ""} | Characters |`);
  out.push(`|---:|---|---:|---:|${strength ? "---:|" : ""}---:|`);
  for (const r of rank.ranking) {
    const chars = example.candidates[r.candidate].text.length;
    out.push(`| ${r.rank} | ${inlineMarkdown(r.model)} | ${formatScore(r.score)} | ${r.wins}${strength ? ` | ${(r.strength ?? 0).toFixed(3)}` : ""} | ${chars} |`);
  }
  out.push("");

  if (example.candidates.length > 1) {
    const order = rank.ranking.map((r) => r.candidate);
    out.push("## Pairwise matrix", "", "P(row beats column) = σ(logit) from the ranker; · where the plan did not compare.", "");
    out.push(`| row beats column | ${order.map(label).join(" | ")} |`);
    out.push(`|---|${order.map(() => "---:").join("|")}|`);
    for (const i of order) {
      const cells = order.map((j) => {
        const v = rank.matrix[i][j];
        return i === j ? "—" : v === null ? "·" : sigmoid(v).toFixed(2);
      });
      out.push(`| **${label(i)}** | ${cells.join(" | ")} |`);
    }
    out.push("");
  }

  out.push("## Answers", "");
  for (const r of rank.ranking) {
    out.push(`### ${label(r.candidate)}`, "", quoteBlock(example.candidates[r.candidate].text), "");
  }
  return out.join("\n");
}
