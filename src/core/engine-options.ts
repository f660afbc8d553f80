import type { ProgressListener } from "./types";

export type JudgeMode = "pairwise" | "listwise";
export const JUDGE_MODES: readonly JudgeMode[] = ["pairwise", "listwise"];
import type { ChatModel, ChatRole } from "./chat/chat-model";
import type { RemoteInferenceOptions } from "./remote/remote-options";

/** An OpenAI-compatible chat endpoint, as in DESIGN.md's endpoints file. */
export interface EndpointConfig {
  id: string;
  baseUrl: string;
  model: string;
  /** Name of the environment variable (CLI) holding the API key. */
  apiKeyEnv?: string;
  /** The key itself, resolved by the adapter (env var in the CLI, SecretStorage in VS Code). Never logged. */
  apiKey?: string;
  temperature?: number;
  maxTokens?: number;
  n?: number;
  systemPrompt?: string;
  /** What the endpoint is for (default: answer, unless it is the chosen judge or fuser; see chat/roles.ts). */
  roles?: ChatRole[];
  /** Input tokens the model takes (its context minus the reply); listwise judging cuts long answers to fit. */
  maxInputTokens?: number;
}

/**
 * Everything an engine factory may need. Plain data (structured-cloneable) so the same
 * options can be posted to the inference worker.
 */
export interface EngineOptions {
  /** Model folder or hub id (ranker or fuser model, depending on the engine). */
  model?: string;
  /** Where hub models are cached. */
  cacheDir?: string;
  /** Allow downloading from the hub (false: local files only). */
  allowDownload?: boolean;
  /** Model file variant. */
  dtype?: "fp32" | "int8";
  /** Intra-op threads for onnxruntime (0 = its default). */
  threads?: number;
  /** Seed for anything random. */
  seed?: number;
  /** Batch size for model inference. */
  batchSize?: number;
  endpoints?: EndpointConfig[];
  /** Id of the chat model (an endpoint id, or a model EngineContext.chatModels knows) the judge ranker / llm fuser uses. */
  endpoint?: string;
  /** The judge ranker: one ordered pair per request (default), or all answers in one request. */
  judgeMode?: JudgeMode;
  /** Listwise judge and council: orderings each judge is shown (1 … 4; default 2 for the judge, 1 for the council). */
  judgeOrders?: number;
  /** Run the pairrm / reward model on an Open Inference Protocol server (tokenization stays local; docs/remote.md). */
  remote?: RemoteInferenceOptions;
  /** Generation settings (fusers). */
  numBeams?: number;
  maxNewTokens?: number;
}

export interface EngineContext {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Diagnostic lines (in-process engines only; endpoint engines log requests and retries here, keys redacted). */
  log?: (line: string) => void;
  /**
   * Finds chat models by id for the judge ranker and the llm fuser (in-process engines only).
   * Without it they use `EngineOptions.endpoints`.
   */
  chatModels?: (id: string) => ChatModel | undefined;
}
