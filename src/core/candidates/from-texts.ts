import type { BlendExample, BlendIssue, CandidateMeta } from "../types";

/**
 * Builds one example from answers already in memory (open editors, endpoint answers).
 * Empty answers are skipped and duplicate names get a " (2)" suffix; both are reported.
 */
export function exampleFromTexts(
  instruction: string,
  items: Array<{ model: string; text: string; meta?: CandidateMeta }>,
  id = "blend",
): { example: BlendExample; issues: BlendIssue[] } {
  const issues: BlendIssue[] = [];
  const used = new Set<string>();
  const candidates = [];
  for (const it of items) {
    const where = it.meta?.file ?? it.meta?.endpoint ?? it.model;
    if (!it.text.trim()) {
      issues.push({ where, message: `empty answer from "${it.model}" skipped` });
      continue;
    }
    let model = it.model.trim() || "answer";
    if (used.has(model)) {
      let k = 2;
      while (used.has(`${model} (${k})`)) k++;
      issues.push({ where, message: `duplicate model name "${model}" renamed to "${model} (${k})"` });
      model = `${model} (${k})`;
    }
    used.add(model);
    candidates.push({ model, text: it.text, ...(it.meta ? { meta: it.meta } : {}) });
  }
  return { example: { id, instruction, input: "", candidates }, issues };
}
