// The harness's way into the extension host (test only). The harness writes
// <bridgeDir>/request.json ({ id, request }) and runs this command from the command palette; the
// command runs the request with the VS Code API and writes <bridgeDir>/response-<id>.json. It lets
// scenarios call APIs that take arguments only from code: vscode.lm, workbench.action.chat.open
// with a query, any command with arguments.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { readConfig } from "./config";
import { bridgeFiles, type BridgeRequest, type BridgeResponse, type ChatModelInfo, type ChatModelSelector, type ChatRequestResult, type SeenError } from "./protocol";

export const BRIDGE_COMMAND = "e2eLmProvider.bridge";
export const OPEN_CHAT_COMMAND = "e2eLmProvider.openChat";

export function registerBridge(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(BRIDGE_COMMAND, async () => {
    const dir = readConfig().bridgeDir;
    if (!dir) throw new Error("e2eLmProvider.bridgeDir is not set");
    const { id, request } = JSON.parse(readFileSync(join(dir, bridgeFiles.request), "utf8")) as { id: string; request: BridgeRequest };
    log.info(`bridge ${id}: ${request.op}`);
    let response: BridgeResponse;
    try {
      response = { id, ok: true, result: await run(request, log) };
    } catch (err) {
      log.error(`bridge ${id} failed: ${String(err)}`);
      response = { id, ok: false, error: seen(err) };
    }
    const file = join(dir, bridgeFiles.response(id));
    writeFileSync(`${file}.partial`, JSON.stringify(response));
    renameSync(`${file}.partial`, file);
  });
}

/** `workbench.action.chat.open` with a query sends it at once; `partial` only fills the input. */
export function registerOpenChat(): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_CHAT_COMMAND, (query: string, partial = false) =>
    vscode.commands.executeCommand("workbench.action.chat.open", { query, isPartialQuery: partial }),
  );
}

async function run(request: BridgeRequest, log: vscode.LogOutputChannel): Promise<unknown> {
  switch (request.op) {
    case "selectChatModels":
      return (await vscode.lm.selectChatModels(request.selector ?? {})).map(info);
    case "sendChatRequest":
      return sendChatRequest(request.selector, request.prompt, request.justification);
    case "executeCommand": {
      const running = vscode.commands.executeCommand(request.command, ...(request.args ?? []));
      if (request.wait === false) {
        running.then(undefined, (err: unknown) => log.error(`${request.command} failed: ${String(err)}`));
        return null;
      }
      return jsonSafe(await running);
    }
    case "showQuickPick": {
      const picked = await vscode.window.showQuickPick(request.items, { canPickMany: request.canPickMany, title: request.title });
      return picked ?? null;
    }
    case "extensionInfo": {
      const ext = vscode.extensions.getExtension(request.id);
      return ext ? { id: ext.id, version: String((ext.packageJSON as { version?: unknown }).version), isActive: ext.isActive } : null;
    }
  }
}

async function sendChatRequest(selector: ChatModelSelector, prompt: string, justification?: string): Promise<ChatRequestResult> {
  const [model] = await vscode.lm.selectChatModels(selector);
  if (!model) throw new Error(`no chat model matches ${JSON.stringify(selector)}`);
  const chunks: string[] = [];
  let phase: SeenError["phase"] = "sendRequest";
  const cts = new vscode.CancellationTokenSource();
  try {
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], { justification }, cts.token);
    phase = "stream";
    for await (const part of response.stream) if (part instanceof vscode.LanguageModelTextPart) chunks.push(part.value);
    return { model: info(model), chunks, text: chunks.join("") };
  } catch (err) {
    return { model: info(model), chunks, text: chunks.join(""), error: { ...seen(err), phase } };
  } finally {
    cts.dispose();
  }
}

function info(m: vscode.LanguageModelChat): ChatModelInfo {
  return { id: m.id, name: m.name, vendor: m.vendor, family: m.family, version: m.version, maxInputTokens: m.maxInputTokens };
}

function seen(err: unknown): SeenError {
  if (err instanceof vscode.LanguageModelError) return { name: err.name, message: err.message, code: err.code };
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, ...(typeof code === "string" ? { code } : {}) };
  }
  return { name: "unknown", message: String(err) };
}

/** Command results may hold URIs or class instances: keep what JSON can carry. */
function jsonSafe(value: unknown): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return String(value);
  }
}
