// The extractive fuser on real AlpacaEval answers (../shared/data): only source text, code blocks whole.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { extractiveMerge } from "../../src/core/fuse/engines/extractive";
import { defaultDataDir } from "../../src/core/paths";

const results = join(defaultDataDir(), "alpaca_eval", "results");
const MODELS = ["gpt4", "claude", "tulu-2-dpo-70b", "gpt-3.5-turbo-0301", "zephyr-7b-beta"];
const have = existsSync(results);

function load(): { instruction: string; answers: string[] }[] {
  const byModel = MODELS.map((m) => {
    const rows = JSON.parse(gunzipSync(readFileSync(join(results, m, "alpaca_eval_gpt4", "annotations.json.gz"))).toString("utf8")) as { instruction: string; output_2: string }[];
    return new Map(rows.map((r) => [r.instruction, r.output_2]));
  });
  return [...byModel[0].keys()]
    .map((instruction) => ({ instruction, answers: byModel.map((m) => m.get(instruction) ?? "") }))
    .filter((e) => e.answers.every((a) => a.trim().length > 0));
}

const MARKER = /^\s*(?:[-*+]|\d{1,9}[.)])\s+/;

/** True when `text` splits after sentence ends (". ", "! ", "? ") into pieces that each occur verbatim in a source. */
function madeOfSourcePieces(text: string, sources: string[]): boolean {
  const cuts = [0, ...[...text.matchAll(/[.!?]["')\]]? /g)].map((m) => m.index! + m[0].length), text.length + 1];
  const ok = new Array<boolean>(cuts.length).fill(false);
  ok[cuts.length - 1] = true;
  for (let a = cuts.length - 2; a >= 0; a--) {
    for (let b = cuts.length - 1; b > a && !ok[a]; b--) {
      if (ok[b] && sources.some((s) => s.includes(text.slice(cuts[a], cuts[b] - 1)))) ok[a] = true;
    }
  }
  return ok[0];
}

/** Fenced blocks of a text, each as its exact lines (fence lines included). */
function fencedBlocks(text: string): string[] {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*(`{3,}|~{3,})/.test(lines[i])) continue;
    let j = i + 1;
    while (j < lines.length && !/^\s*(`{3,}|~{3,})\s*$/.test(lines[j])) j++;
    out.push(lines.slice(i, j + 1).join("\n"));
    i = j;
  }
  return out;
}

test("fused text contains only text of its sources and keeps every code block whole", { skip: have ? false : `no ${results}` }, () => {
  const examples = load();
  assert.ok(examples.length > 700, `loaded ${examples.length} prompts`);
  let changed = 0;
  let withCode = 0;
  for (const { instruction, answers } of examples) {
    for (const k of [3, 5]) {
      const sources = answers.slice(0, k);
      const fused = extractiveMerge(sources);
      const where = `${instruction.slice(0, 60)} (K=${k})`;
      assert.equal(extractiveMerge(sources), fused, `deterministic: ${where}`);
      // Every line, with list markers and indentation removed, is made of sentences found verbatim in a source.
      for (const line of fused.split("\n")) {
        const body = line.replace(MARKER, "").trim();
        if (!body) continue;
        assert.ok(madeOfSourcePieces(body, sources), `"${body}" is not made of source text: ${where}`);
      }
      // The top answer is kept: each of its lines is still there.
      for (const line of sources[0].split("\n")) if (line.trim()) assert.ok(fused.includes(line.trim()), `top answer line lost: ${where}`);
      // Code blocks: balanced fences, each block verbatim in a source.
      const blocks = fencedBlocks(fused);
      if (blocks.length) withCode++;
      for (const b of blocks) assert.ok(sources.some((s) => s.includes(b) || s.includes(b.split("\n").map((l) => l.trimStart()).join("\n"))), `code block split or altered: ${where}`);
      if (fused !== sources[0]) changed++;
    }
  }
  assert.ok(changed > 20, `the merge adds supported text in some examples (changed ${changed})`);
  assert.ok(withCode > 20, `examples with code blocks were checked (${withCode})`);
});
