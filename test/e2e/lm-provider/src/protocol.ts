// What the e2e harness and the test chat-model provider extension exchange: the models it
// registers (user settings) and the bridge requests the harness has it run in the extension host.
// Plain data only: the harness imports this file too, so it must never import vscode.

/** Vendor of every test model: `vscode.lm.selectChatModels({ vendor: TEST_VENDOR })`. */
export const TEST_VENDOR = "e2e-test";
/** Extension id of the test provider (publisher.name in its package.json). */
export const PROVIDER_EXTENSION_ID = "answer-blender-e2e.e2e-lm-provider";
/** Palette title of the bridge command. */
export const BRIDGE_COMMAND_TITLE = "E2E Test Models: Run Bridge Request";

/** The ways VS Code's own chat models fail (static factories of vscode.LanguageModelError). */
export type LanguageModelFailure = "Blocked" | "NotFound" | "NoPermissions";

/** One test chat model, as the provider reads it from the `e2eLmProvider.models` user setting. */
export interface TestModelConfig {
  id: string;
  name: string;
  family: string;
  version: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  /** The model name sent to the OpenAI-compatible server (the key of its scripted replies). */
  serverModel: string;
  /** The chat's default model (the provider marks exactly one; see test/e2e/README.md, trap 2). */
  isDefault?: boolean;
  /** Throw `vscode.LanguageModelError[fail]()` instead of answering. */
  fail?: LanguageModelFailure;
  /** With `fail`: stream this many chunks from the server first, then throw. */
  failAfterChunks?: number;
  /** With `failAfterChunks`: pause before throwing (ms, default 1000; see provider.ts). */
  failDelayMs?: number;
}

export interface ChatModelSelector {
  vendor?: string;
  family?: string;
  id?: string;
  version?: string;
}

/** A chat model as `vscode.lm.selectChatModels` returned it. */
export interface ChatModelInfo {
  id: string;
  name: string;
  vendor: string;
  family: string;
  version: string;
  maxInputTokens: number;
}

/** An error as the consumer saw it (`code` is LanguageModelError's, when it is one). */
export interface SeenError {
  name: string;
  message: string;
  code?: string;
  /** Whether the request failed when sending or while reading the stream. */
  phase?: "sendRequest" | "stream";
}

export type BridgeRequest =
  | { op: "selectChatModels"; selector?: ChatModelSelector }
  | { op: "sendChatRequest"; selector: ChatModelSelector; prompt: string; justification?: string }
  | { op: "executeCommand"; command: string; args?: unknown[]; wait?: boolean }
  | { op: "extensionInfo"; id: string }
  | { op: "showQuickPick"; items: string[]; canPickMany?: boolean; title?: string };

export interface ChatRequestResult {
  model: ChatModelInfo;
  /** The text parts in the order the stream delivered them. */
  chunks: string[];
  text: string;
  error?: SeenError;
}

export interface ExtensionInfo {
  id: string;
  version: string;
  isActive: boolean;
}

/** Result of each op, by op name. */
export interface BridgeResults {
  selectChatModels: ChatModelInfo[];
  sendChatRequest: ChatRequestResult;
  executeCommand: unknown;
  extensionInfo: ExtensionInfo | null;
  /** The picked label(s); null when dismissed. */
  showQuickPick: string[] | string | null;
}

export type BridgeResponse = { id: string; ok: true; result: unknown } | { id: string; ok: false; error: SeenError };

/** File names inside the bridge folder (`e2eLmProvider.bridgeDir`). */
export const bridgeFiles = {
  request: "request.json",
  response: (id: string) => `response-${id}.json`,
  /** One JSON line per run of the Record Click command: its arguments. */
  clicks: "clicks.jsonl",
};
