// Runs VS Code API calls in the extension host, through the test provider extension's bridge
// command (test/e2e/lm-provider/src/bridge.ts): write <bridgeDir>/request.json, run the command
// from the palette as a person would, read the response file it writes.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { BRIDGE_COMMAND_TITLE, bridgeFiles, type BridgeRequest, type BridgeResponse, type BridgeResults, type ChatModelInfo, type ChatModelSelector, type ChatRequestResult } from "../lm-provider/src/protocol";
import { MEDIUM, runCommand, SLOW, waitUntil } from "./workbench";

export interface BridgeTarget {
  page: Page;
  /** The folder named by the `e2eLmProvider.bridgeDir` setting. */
  bridgeDir: string;
}

export class BridgeError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "BridgeError";
  }
}

type Request<Op extends BridgeRequest["op"]> = Extract<BridgeRequest, { op: Op }>;

/** Runs one request and returns its result; a request that fails in the extension host throws BridgeError. */
export async function bridge<Op extends BridgeRequest["op"]>(target: BridgeTarget, request: Request<Op>, timeout = MEDIUM): Promise<BridgeResults[Op]> {
  return (await startBridge(target, request, timeout)).result;
}

/**
 * Starts a request (the bridge command has run when this resolves) without waiting for its
 * result: for requests that wait on the UI, e.g. showQuickPick, answered by the test meanwhile.
 */
export async function startBridge<Op extends BridgeRequest["op"]>(target: BridgeTarget, request: Request<Op>, timeout = SLOW): Promise<{ result: Promise<BridgeResults[Op]> }> {
  const id = randomUUID();
  const file = join(target.bridgeDir, bridgeFiles.request);
  writeFileSync(`${file}.partial`, JSON.stringify({ id, request }));
  renameSync(`${file}.partial`, file);
  const responseFile = join(target.bridgeDir, bridgeFiles.response(id));
  await runCommand(target.page, BRIDGE_COMMAND_TITLE);
  const result = (async () => {
    await waitUntil(target.page, async () => existsSync(responseFile), timeout, `the bridge's answer to ${request.op}`);
    const response = JSON.parse(readFileSync(responseFile, "utf8")) as BridgeResponse;
    rmSync(responseFile, { force: true });
    if (!response.ok) throw new BridgeError(`${request.op} failed in the extension host: ${response.error.name}: ${response.error.message}`, response.error.code);
    return response.result as BridgeResults[Op];
  })();
  // Not awaited by a caller that fails first: never an unhandled rejection.
  result.catch(() => undefined);
  return { result };
}

/** The arguments of each run of the test extension's Record Click command (the /demo reply's button), oldest first. */
export function recordedClicks(target: BridgeTarget): unknown[][] {
  const file = join(target.bridgeDir, bridgeFiles.clicks);
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as unknown[]);
}

/** `vscode.lm.selectChatModels(selector)`, as any extension sees it. */
export function selectChatModels(target: BridgeTarget, selector: ChatModelSelector = {}): Promise<ChatModelInfo[]> {
  return bridge(target, { op: "selectChatModels", selector });
}

/**
 * `model.sendRequest([User(prompt)])` on the first model matching `selector`, reading the whole
 * stream. A refusal does not throw: it comes back in `error` (name, message, LanguageModelError code).
 */
export function sendChatRequest(target: BridgeTarget, selector: ChatModelSelector, prompt: string, timeout = MEDIUM): Promise<ChatRequestResult> {
  return bridge(target, { op: "sendChatRequest", selector, prompt }, timeout);
}

/** `vscode.commands.executeCommand(command, ...args)` (e.g. a command that takes arguments only from code). */
export function executeCommand(target: BridgeTarget, command: string, args: unknown[] = [], options: { wait?: boolean } = {}): Promise<unknown> {
  return bridge(target, { op: "executeCommand", command, args, wait: options.wait });
}
