// The `llm` fuser: an LLM behind an OpenAI-compatible endpoint synthesises one answer from the top K.
import type { EndpointConfig, EngineContext, EngineOptions } from "../../engine-options";
import type { Fuser, FuseRequest, FuseRunOptions } from "../fuser";
import { ChatClient, type ClientOptions } from "../../endpoints/client";
import { findEndpoint } from "../../endpoints/config";

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
  private readonly client: ChatClient;

  constructor(
    private readonly endpoint: EndpointConfig,
    settings: { client?: ChatClient; clientOptions?: ClientOptions; log?: (line: string) => void } = {},
  ) {
    this.label = `LLM fusion (${endpoint.id})`;
    this.client = settings.client ?? new ChatClient({ ...settings.clientOptions, log: settings.clientOptions?.log ?? settings.log });
  }

  /** Streams when the caller listens for tokens; otherwise asks for the whole answer at once. */
  async fuse(req: FuseRequest, opts: FuseRunOptions = {}): Promise<string> {
    if (req.ranked.length === 0) throw new Error("the llm fuser needs at least one ranked answer");
    const answer = await this.client.complete(this.endpoint, {
      messages: [
        { role: "system", content: FUSION_SYSTEM_PROMPT },
        { role: "user", content: fusionPrompt(req) },
      ],
      stream: Boolean(opts.onToken),
      onDelta: opts.onToken,
      signal: opts.signal,
    });
    if (!answer.text.trim()) throw new Error(`endpoint "${this.endpoint.id}" returned an empty fused answer (finish reason: ${answer.finishReason ?? "none"})`);
    return answer.text;
  }
}

export async function createLlmFuser(o: EngineOptions, ctx: EngineContext = {}): Promise<LlmFuser> {
  return new LlmFuser(findEndpoint(o.endpoints, o.endpoint, "the llm fuser"), { log: ctx.log });
}
