// The answers a stopped @blend had received, as a blend-set example: the ones that finished are
// the candidates, the others are marked (failed with their reason, or stopped), so ranking them
// later shows what is missing and why.
import { contentHash } from "../core/hash";
import type { LiveAnswer } from "../core/endpoints/live-answers";
import { modelOfSample } from "../core/chat/sample-names";
import type { BlendExample, BlendIssue } from "../core/types";


export function stoppedExample(prompt: string, input: string, answers: readonly LiveAnswer[]): BlendExample {
  const done = answers.filter((a) => a.state === "done");
  const errors: BlendIssue[] = answers
    .filter((a) => a.state !== "done")
    .map((a) => ({
      where: `endpoint ${a.name}`,
      endpoint: modelOfSample(a.name),
      message: a.state === "failed" ? (a.error ?? "failed") : a.text ? `stopped after ${a.text.length} characters had arrived` : "stopped before it answered",
    }));
  return {
    id: `stopped-${contentHash(prompt, input, ...done.map((a) => a.name + "\u0000" + a.text)).slice(0, 12)}`,
    instruction: prompt,
    input,
    candidates: done.map((a) => ({ model: a.name, text: a.text, meta: { endpoint: modelOfSample(a.name), ...(a.latencyMs !== undefined ? { latencyMs: a.latencyMs } : {}) } })),
    ...(errors.length ? { errors } : {}),
  };
}
