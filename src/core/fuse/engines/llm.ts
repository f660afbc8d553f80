// The `llm` fuser: a chat model (an endpoint or a VS Code model) synthesises one answer from the top K.
import type { EngineContext, EngineOptions } from "../../engine-options";
import type { Fuser, FuseRequest, FuseRunOptions } from "../fuser";
import type { ChatModel } from "../../chat/chat-model";
import { resolveChatModel } from "../../chat/resolve";

export const FUSION_SYSTEM_PROMPT =
  "You combine several candidate answers to the same request into one answer that is better than each of them.";

/** Aggregate-and-synthesise prompt: the request, the candidates best first, and what to do with them. */
export function fusionPrompt(req: FuseRequest): string {
  const k = req.ranked.length;
  const parts = [
    `Below are a request and ${k} candidate answer${k === 1 ? "" : "s"} to it, ordered from most to least promising by an automatic ranker.`,
    "The candidates may be wrong, incomplete or biased. Read them critically and write one final answer to the request that:",
    "- keeps what the candidates get right, especially points on which several of them agree;",
    "- corrects or drops what is wrong, unsupported or irrelevant;",
    "- follows the best-ranked candidate's approach where they disagree, unless it is wrong;",
    "- keeps code blocks, lists and formatting where they help.",
    "Reply with the final answer only. Do not mention the candidates, the ranking or this process.",
    "",
    "[Request]",
    req.instruction,
  ];
  if (req.input.trim()) parts.push("", "[Input]", req.input);
  req.ranked.forEach((c, i) => {
    parts.push("", `[Candidate ${i + 1}${i === 0 ? " (ranked best)" : ""}]`, c.text, `[End of Candidate ${i + 1}]`);
  });
  return parts.join("\n");
}

export class LlmFuser implements Fuser {
  readonly name = "llm";
  readonly label: string;

  constructor(private readonly model: ChatModel) {
    this.label = `LLM fusion (${model.info.name})`;
  }

  /** Streams when the caller listens for tokens; otherwise asks for the whole answer at once. */
  async fuse(req: FuseRequest, opts: FuseRunOptions = {}): Promise<string> {
    if (req.ranked.length === 0) throw new Error("the llm fuser needs at least one ranked answer");
    const answer = await this.model.send({
      messages: [
        { role: "system", content: FUSION_SYSTEM_PROMPT },
        { role: "user", content: fusionPrompt(req) },
      ],
      onDelta: opts.onToken,
      signal: opts.signal,
      justification: "Answer Blender asks the fuser model to combine the best-ranked answers into one.",
    });
    if (!answer.text.trim()) throw new Error(`"${this.model.info.id}" returned an empty fused answer (finish reason: ${answer.finishReason ?? "none"})`);
    return answer.text;
  }
}

export async function createLlmFuser(o: EngineOptions, ctx: EngineContext = {}): Promise<LlmFuser> {
  return new LlmFuser(resolveChatModel(o, ctx, "the llm fuser"));
}
