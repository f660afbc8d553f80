// The Markdown report of a blend, made from a real blend (builtin ranker, extractive fuser)
// of answers written to be awkward: markup in model names, headings and rules inside answers.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { blendExample } from "../../src/core/blend";
import { blendReportMarkdown, inlineMarkdown, quoteBlock } from "../../src/core/export/markdown-report";
import { ExtractiveFuser } from "../../src/core/fuse/engines/extractive";
import { createBuiltinRanker, type BuiltinRanker } from "../../src/core/rank/engines/builtin";
import type { BlendExample, BlendResult } from "../../src/core/types";

const EXAMPLE: BlendExample = {
  id: "undo-commit",
  instruction: "How do I undo the last git commit but keep my changes?",
  input: "I have not pushed yet.",
  candidates: [
    {
      model: "gpt|4o",
      text: "## Short answer\n\nRun `git reset --soft HEAD~1`. The commit is gone and its changes stay staged.\n\n---\n\n```bash\ngit reset --soft HEAD~1\n```\n",
    },
    { model: "<b>claude</b>", text: "Use git reset HEAD~1 (a mixed reset): the commit is undone and the changes are kept, unstaged.\r\nNever use `git reset --hard` for this: it deletes your changes." },
    { model: "llama_3", text: "git revert HEAD\n\nNever use `git reset --hard` here, it deletes the changes for good." },
  ],
  errors: [{ where: "endpoint local", endpoint: "local", message: "HTTP 500 | model not loaded" }],
};

let ranker: BuiltinRanker;
let result: BlendResult;
let report: string;

before(async () => {
  ranker = await createBuiltinRanker();
  result = await blendExample(EXAMPLE, ranker, new ExtractiveFuser(), { plan: "full", aggregate: "max-logits", seed: 0, topK: 3, fuseTopK: 3 });
  report = blendReportMarkdown(result, { sourceLabel: "2 files, 1 endpoint", createdAt: "2026-11-22T09:41:00.000Z" });
});
after(async () => ranker?.dispose());

/** The lines of one `## Section` (up to the next `## `). */
function section(name: string): string[] {
  const lines = report.split("\n");
  const start = lines.indexOf(`## ${name}`);
  assert.ok(start >= 0, `section ${name}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Table cells split on unescaped pipes. */
function cells(row: string): string[] {
  return row
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

const unquote = (lines: string[]) => lines.map((l) => (l === ">" ? "" : l.replace(/^> /, ""))).join("\n");

test("sections come in order and only the report's own lines are headings", () => {
  const headings = report.split("\n").filter((l) => /^#{1,6} /.test(l));
  const order = result.rank.ranking.map((r) => `### #${r.rank} ${inlineMarkdown(r.model)}`);
  assert.deepEqual(headings, ["# Blend: How do I undo the last git commit but keep my changes?", "## Prompt", "## Fused answer", "## Ranking", "## Pairwise matrix", "## Answers", ...order]);
  assert.match(report, /2 files, 1 endpoint · 3 answers · ranker builtin · plan full · aggregator max-logits · 6 comparisons · 2026-11-22T09:41:00.000Z/);
  assert.match(report, /\*\*Partial result: 1 problem\.\*\*\n\n- endpoint local: HTTP 500 \\\| model not loaded/);
});

test("the ranking table has one row per answer in rank order with its score and wins", () => {
  const rows = section("Ranking").filter((l) => l.startsWith("|")).slice(2).map(cells);
  assert.equal(rows.length, 3);
  rows.forEach((row, i) => {
    const r = result.rank.ranking[i];
    assert.equal(row.length, 5, `row ${i} keeps five columns: ${row.join(" / ")}`);
    assert.deepEqual(row, [String(r.rank), inlineMarkdown(r.model), r.score.toFixed(3), String(r.wins), String(EXAMPLE.candidates[r.candidate].text.length)]);
  });
  assert.ok(rows.some((r) => r[1] === "gpt\\|4o") && rows.some((r) => r[1] === "&lt;b&gt;claude&lt;/b&gt;") && rows.some((r) => r[1] === "llama\\_3"));
});

test("the matrix holds σ(logit) of every compared pair, rows and columns in rank order", () => {
  const rows = section("Pairwise matrix").filter((l) => l.startsWith("|")).map(cells);
  const order = result.rank.ranking.map((r) => r.candidate);
  assert.equal(rows[0].length, 4);
  for (let a = 0; a < 3; a++) {
    const row = rows[2 + a];
    assert.equal(row[0], `**#${result.rank.ranking[a].rank} ${inlineMarkdown(EXAMPLE.candidates[order[a]].model)}**`);
    for (let b = 0; b < 3; b++) {
      const v = result.rank.matrix[order[a]][order[b]];
      assert.equal(row[1 + b], a === b ? "—" : (1 / (1 + Math.exp(-(v as number)))).toFixed(2));
    }
  }
  // The best answer beats every other with probability above one half.
  assert.ok(rows[2].slice(2).every((c) => Number(c) > 0.5));
});

test("every answer and the fused text are quoted whole, and unquoting gives the text back", () => {
  const answers = section("Answers");
  for (const r of result.rank.ranking) {
    const head = answers.indexOf(`### #${r.rank} ${inlineMarkdown(r.model)}`);
    const quoted: string[] = [];
    for (let i = head + 2; i < answers.length && answers[i].startsWith(">"); i++) quoted.push(answers[i]);
    const original = EXAMPLE.candidates[r.candidate].text.replace(/\r\n/g, "\n").replace(/\n+$/, "");
    assert.equal(unquote(quoted), original, r.model);
  }
  const fused = section("Fused answer");
  assert.ok(result.fused);
  assert.match(fused[1], /^\*extractive merge, top 3: .+\*$/);
  assert.equal(unquote(fused.filter((l) => l.startsWith(">"))), result.fused.text.replace(/\n+$/, ""));
});

test("without a fused answer the report shows the top-ranked one; a single answer has no matrix", async () => {
  const single = await blendExample({ ...EXAMPLE, candidates: [EXAMPLE.candidates[2]], errors: [] }, ranker, null, { plan: "full", aggregate: "max-logits", seed: 0, topK: 3, fuseTopK: 2 });
  const md = blendReportMarkdown(single);
  assert.match(md, /## Top-ranked answer\n\n\*No fusion was made for this blend: this is the answer ranked first \(llama\\_3\)\.\*\n\n> git revert HEAD\n/);
  assert.ok(!md.includes("## Pairwise matrix"));
  assert.ok(!md.includes("Partial result"));
});

test("a fusion that added nothing is reported as the top-ranked answer, as is", async () => {
  const plain = await blendExample({ ...EXAMPLE, errors: [] }, ranker, new ExtractiveFuser(), { plan: "full", aggregate: "max-logits", seed: 0, topK: 3, fuseTopK: 2 });
  assert.equal(plain.fused?.unchanged, true, "with two answers nothing has the support of a second one");
  const md = blendReportMarkdown(plain);
  const top = inlineMarkdown(plain.top.model);
  assert.ok(md.includes(`## Top-ranked answer\n\n*extractive merge, top 2: no additions — answer #1 as is (${top}).*\n\n${quoteBlock(plain.top.text)}\n`), md);
  assert.ok(!md.includes("## Fused answer"));
});

test("inline text and quotes are escaped, not interpreted", () => {
  assert.equal(inlineMarkdown("a|b <img src=x onerror=alert(1)>\n*c*"), "a\\|b &lt;img src=x onerror=alert(1)&gt; \\*c\\*");
  assert.equal(quoteBlock("# h\n\n---\r\nend\n\n"), "> # h\n>\n> ---\n> end");
  assert.equal(quoteBlock(""), ">");
});
