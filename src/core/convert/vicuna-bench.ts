// Vicuna-bench (FastChat) answers + GPT-4 pairwise reviews → blend-set records with judgments.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { BlendExample, Judgment } from "../types";
import { InputError } from "../errors";
import { isRecord, readJsonl } from "./read-data";

export const VICUNA_DIR = "fastchat_vicuna_bench/fastchat/eval/table";

/** GPT-4 review folders; the gpt-3.5-turbo_review_* folder holds a weaker judge and is left out. */
function gpt4ReviewFiles(root: string): string[] {
  const dir = join(root, "review");
  const out: string[] = [];
  for (const d of readdirSync(dir).sort()) {
    if (d.startsWith("gpt-3.5-turbo")) continue;
    for (const f of readdirSync(join(dir, d)).sort()) if (f.endsWith(".jsonl")) out.push(join(dir, d, f));
  }
  return out;
}

export function convertVicunaBench(dataDir: string): BlendExample[] {
  const root = join(dataDir, VICUNA_DIR);
  if (!existsSync(root)) throw new InputError("Vicuna-bench data not found (set --data DIR)", root);
  const questions = new Map<number, string>();
  for (const q of readJsonl(join(root, "question.jsonl"))) if (isRecord(q)) questions.set(Number(q.question_id), String(q.text));
  const answers = new Map<string, { qid: number; model: string; text: string }>();
  for (const f of readdirSync(join(root, "answer")).sort()) {
    const model = f.replace(/^answer_/, "").replace(/\.jsonl$/, "");
    for (const a of readJsonl(join(root, "answer", f)))
      if (isRecord(a)) answers.set(String(a.answer_id), { qid: Number(a.question_id), model, text: String(a.text) });
  }
  const judgments = new Map<number, Judgment[]>();
  for (const file of gpt4ReviewFiles(root))
    readJsonl(file).forEach((r, i) => {
      if (!isRecord(r)) return;
      const a = answers.get(String(r.answer1_id));
      const b = answers.get(String(r.answer2_id));
      const score = r.score;
      if (!a || !b) throw new InputError("review names an unknown answer id", file, i + 1, "answer1_id");
      if (!Array.isArray(score) || score.length !== 2 || score.some((s) => typeof s !== "number" || s < 0)) return; // unparsed review
      const d = (score[0] as number) - (score[1] as number);
      const list = judgments.get(a.qid) ?? [];
      list.push({ a: a.model, b: b.model, winner: d > 0 ? "a" : d < 0 ? "b" : "tie" });
      judgments.set(a.qid, list);
    });
  const out: BlendExample[] = [];
  for (const [qid, text] of [...questions.entries()].sort((x, y) => x[0] - y[0])) {
    const cands = [...answers.values()].filter((a) => a.qid === qid).sort((x, y) => x.model.localeCompare(y.model));
    out.push({ id: `vicuna-${qid}`, instruction: text, input: "", candidates: cands.map((c) => ({ model: c.model, text: c.text })), judgments: judgments.get(qid) ?? [] });
  }
  return out;
}
