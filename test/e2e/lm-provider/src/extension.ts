// Test-only extension for the e2e suite, never part of the product VSIX: chat models that
// forward to the local OpenAI-compatible test server, a default chat participant, and the
// harness bridge. See test/e2e/README.md ("Chat models in the e2e VS Code").
import * as vscode from "vscode";
import { registerBridge, registerOpenChat } from "./bridge";
import { registerRecordClick } from "./clicks";
import { SECTION } from "./config";
import { registerDefaultParticipant } from "./participant";
import { TEST_VENDOR } from "./protocol";
import { TestChatModelProvider } from "./provider";

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel("E2E Test Models", { log: true });
  const provider = new TestChatModelProvider(log);
  context.subscriptions.push(
    log,
    vscode.lm.registerLanguageModelChatProvider(TEST_VENDOR, provider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.models`) || e.affectsConfiguration(`${SECTION}.baseUrl`)) provider.refresh();
    }),
    registerDefaultParticipant(log),
    registerBridge(log),
    registerOpenChat(),
    registerRecordClick(),
  );
  log.info("activated");
}

export function deactivate(): void {}
