// The e2e chat models: a local OpenAI-compatible server (test/helpers/openai-server.ts) with a
// scripted reply per model, and the user settings that make the test provider extension
// (test/e2e/lm-provider) register those models in VS Code, forwarding every request to it.
//
//   const models = await startTestChatModels([
//     { id: "alpha", reply: "Alpha's answer", isDefault: true },
//     { id: "blocked", fail: "Blocked" },
//     { id: "judge", reply: judgeReply((a, b) => (a.length >= b.length ? "A" : "B")) },
//     { id: "fuser", reply: "The fused answer", chunkDelayMs: 30 },
//   ]);
//   const h = await startHarness({ chatModels: models });   // installs the provider, writes the settings
import { judgePair, startOpenAiServer, type OpenAiTestServer, type RecordedRequest, type ScriptedModel } from "../../helpers/openai-server";
import { TEST_VENDOR, type LanguageModelFailure, type TestModelConfig } from "../lm-provider/src/protocol";

export { TEST_VENDOR };

export interface TestChatModel {
  /** The model's id in VS Code (`LanguageModelChat.id`) and its name on the local server. */
  id: string;
  /** Shown in VS Code's model picker; default: the id. */
  name?: string;
  family?: string;
  version?: string;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  /** The chat's default model; when no model says so, the first one is (see README, trap 2). */
  isDefault?: boolean;
  /**
   * What the server streams back: a text, or a function of the request (its `prompt` is the last
   * user message). Default: "<id> answer: <prompt>". The server's built-in behaviours apply when
   * the id is one of its model names (e.g. "judge-long", "hang"; see openai-server.ts).
   */
  reply?: string | ((request: RecordedRequest) => string);
  /** Delay between streamed chunks (ms), to watch the text stream in. */
  chunkDelayMs?: number;
  /** The provider throws `vscode.LanguageModelError.<fail>()`, as VS Code models refuse; the server is not asked. */
  fail?: LanguageModelFailure;
  /**
   * With `fail`: stream this many chunks first, pause `failDelayMs` (default 1000), then throw.
   * Without the pause VS Code 1.104 drops the parts its consumer has not read yet.
   */
  failAfterChunks?: number;
  failDelayMs?: number;
  /** The server answers this HTTP status (the provider then throws a plain Error naming it). */
  httpStatus?: number;
}

export interface TestChatModels {
  vendor: string;
  server: OpenAiTestServer;
  /** The models as the provider reads them. */
  configs: TestModelConfig[];
  /** User settings for the provider (merged into the harness's settings). */
  settings(): Record<string, unknown>;
  /** Requests the server received for model `id`, oldest first. */
  requestsFor(id: string): RecordedRequest[];
  /** Changes what the server does for model `id` from now on (reply, chunk delay, HTTP status). */
  script(id: string, behaviour: ScriptedModel): void;
  /**
   * Holds model `id`'s replies (requests wait at the server) until the returned function is
   * called: a test reads what the UI shows while that model is still writing, then lets it go.
   */
  hold(id: string): () => void;
  close(): Promise<void>;
}

export async function startTestChatModels(models: TestChatModel[]): Promise<TestChatModels> {
  if (new Set(models.map((m) => m.id)).size !== models.length) throw new Error("test chat model ids must be unique");
  const script: Record<string, ScriptedModel> = {};
  for (const m of models) {
    const s: ScriptedModel = { reply: m.reply, chunkDelayMs: m.chunkDelayMs, status: m.httpStatus };
    if (s.reply !== undefined || s.chunkDelayMs !== undefined || s.status !== undefined) script[m.id] = s;
  }
  const server = await startOpenAiServer({ script });
  const defaultId = (models.find((m) => m.isDefault) ?? models[0])?.id;
  const configs: TestModelConfig[] = models.map((m) => ({
    id: m.id,
    name: m.name ?? m.id,
    family: m.family ?? "e2e",
    version: m.version ?? "1",
    maxInputTokens: m.maxInputTokens ?? 8192,
    maxOutputTokens: m.maxOutputTokens ?? 1024,
    serverModel: m.id,
    isDefault: m.id === defaultId,
    ...(m.fail ? { fail: m.fail, failAfterChunks: m.failAfterChunks ?? 0, failDelayMs: m.failDelayMs } : {}),
  }));
  let closed = false;
  return {
    vendor: TEST_VENDOR,
    server,
    configs,
    settings: () => ({ "e2eLmProvider.baseUrl": server.url, "e2eLmProvider.models": configs }),
    requestsFor: (id) => server.requests.filter((r) => r.model === id),
    script: (id, behaviour) => {
      script[id] = { ...script[id], ...behaviour };
    },
    hold: (id) => {
      let release = () => {};
      const until = new Promise<void>((resolve) => (release = resolve));
      script[id] = { ...script[id], until };
      return () => {
        if (script[id]?.until === until) script[id] = { ...script[id], until: undefined };
        release();
      };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
    },
  };
}

/**
 * A judge model's reply: reads answers A and B from the judge prompt
 * (src/core/rank/engines/judge-prompt.ts) and answers `verdict(a, b)`, e.g. "A", "B" or "C".
 */
export function judgeReply(verdict: (a: string, b: string) => string): (request: RecordedRequest) => string {
  return (request) => {
    // All messages: the adapter may put the instructions and the answers in different ones.
    const messages = Array.isArray(request.body.messages) ? (request.body.messages as Array<{ content?: unknown }>) : [];
    const { a, b } = judgePair(messages.map((m) => (typeof m.content === "string" ? m.content : "")).join("\n"));
    return verdict(a, b);
  };
}
