// A sample blend for the webview tests, built by the real core (length ranker; none fuser or no
// fuser) on realistic answers, two of them hostile (a <script> tag, a javascript: link).
import { blendExample } from "../../src/core/blend";
import { LengthRanker } from "../../src/core/rank/engines/length";
import { NoneFuser } from "../../src/core/fuse/engines/none";
import type { AggregatorName, BlendExample, BlendResult, PlanName } from "../../src/core/types";
import type { BlendRecord } from "../../src/protocol";

export const HOSTILE_SCRIPT = `<script>window.__pwned = true; document.title = "pwned"</script>`;
export const HOSTILE_LINK = "javascript:window.__pwned=true";

export function sampleExample(): BlendExample {
  return {
    id: "read-lines",
    instruction: "How do I read a text file line by line in Python without loading it all into memory?",
    input: "The file is a 3 GB server log.",
    candidates: [
      {
        model: "gpt-4o",
        text: [
          "Iterate over the file object: it yields one line at a time and keeps only a small buffer in memory.",
          "",
          "```python",
          "with open(\"server.log\", encoding=\"utf-8\") as f:",
          "    for line in f:",
          "        handle(line.rstrip(\"\\n\"))",
          "```",
          "",
          "- `with` closes the file even if `handle` raises.",
          "- Pass `errors=\"replace\"` if the log may contain invalid UTF-8.",
          "",
          "See the [io documentation](https://docs.python.org/3/library/io.html) for buffering options.",
        ].join("\n"),
        meta: { endpoint: "openai", latencyMs: 2140, promptTokens: 38, completionTokens: 112, finishReason: "stop" },
      },
      {
        model: "claude-3.5",
        text: [
          "Use a `for` loop over the open file. Do **not** call `f.readlines()`, which builds a list of every line.",
          "",
          `Careful with copied snippets like ${HOSTILE_SCRIPT} — they are not Python.`,
          "",
          `[Run the demo](${HOSTILE_LINK}) or read the [tutorial](https://docs.python.org/3/tutorial/inputoutput.html).`,
          "",
          "![diagram](https://example.com/diagram.png)",
        ].join("\n"),
        meta: { endpoint: "anthropic", latencyMs: 1630, promptTokens: 41, completionTokens: 95, finishReason: "stop" },
      },
      {
        model: "llama-3-8b",
        text: "Use `for line in open(\"server.log\"):` — Python reads the file lazily, one line at a time.",
        meta: { file: "/home/dev/project/answers/llama-3-8b.md" },
      },
      {
        model: "mistral-7b",
        text: "Open the file and loop over it:\n\n    for line in open('server.log'):\n        print(line)\n\nThis reads one line at a time.",
        meta: { file: "/opt/vscode/extensions/answer-blender/dist/samples/mistral-7b.md" },
      },
    ],
    errors: [{ where: "endpoint local-llm", message: "HTTP 500 from http://127.0.0.1:8000/v1/chat/completions: model not loaded", endpoint: "local-llm" }],
  };
}

export async function sampleBlend(opts: { plan?: PlanName; aggregate?: AggregatorName; fuse?: boolean; blendId?: string } = {}): Promise<BlendRecord> {
  const result: BlendResult = await blendExample(sampleExample(), new LengthRanker(), opts.fuse === false ? null : new NoneFuser(), {
    plan: opts.plan ?? "full",
    aggregate: opts.aggregate ?? "bradley-terry",
    seed: 0,
    topK: 2,
    fuseTopK: 3,
  });
  return {
    blendId: opts.blendId ?? "blend-1",
    createdAt: "2026-11-22T09:15:00.000Z",
    result,
    sourceLabel: "2 endpoints, 2 files",
    // As the host labels them: inside the workspace relative to it; the other one is outside (no label).
    fileLabels: { "/home/dev/project/answers/llama-3-8b.md": "answers/llama-3-8b.md" },
  };
}
