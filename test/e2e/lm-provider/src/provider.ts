// The test chat models: a LanguageModelChatProvider whose models are listed in the user settings
// and whose requests stream from the local OpenAI-compatible test server. A model configured with
// `fail` throws vscode.LanguageModelError the way VS Code's own models refuse.
import * as vscode from "vscode";
import { readConfig } from "./config";
import { streamChat, type ChatMessage } from "./openai-stream";
import type { TestModelConfig } from "./protocol";

export class TestChatModelProvider implements vscode.LanguageModelChatProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The settings changed: VS Code asks for the models again. */
  refresh(): void {
    this.changed.fire();
  }

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    const { models } = readConfig();
    // Without a default model the chat's request hangs on "Working…" while the extension host asks
    // for the models again and again (test/e2e/README.md, trap 2): always mark one.
    const defaultId = (models.find((m) => m.isDefault) ?? models[0])?.id;
    return models.map((m) => {
      const info: vscode.LanguageModelChatInformation & { isDefault: boolean; isUserSelectable: boolean } = {
        id: m.id,
        name: m.name,
        family: m.family,
        version: m.version,
        maxInputTokens: m.maxInputTokens,
        maxOutputTokens: m.maxOutputTokens,
        tooltip: `E2E test model ${m.id} (server model ${m.serverModel})`,
        detail: m.fail ? `fails: ${m.fail}` : "e2e test",
        capabilities: {},
        // Not in the stable typings; VS Code 1.104 reads them.
        isDefault: m.id === defaultId,
        isUserSelectable: true,
      };
      return info;
    });
  }

  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    _options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const { baseUrl, models } = readConfig();
    const m = models.find((x) => x.id === model.id);
    if (!m) throw vscode.LanguageModelError.NotFound(`e2e test model ${model.id} is no longer configured`);
    this.log.info(`request to ${m.id} (server model ${m.serverModel}, ${messages.length} messages)`);
    if (m.fail && !m.failAfterChunks) throw failure(m);
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    let chunks = 0;
    let failing = false;
    try {
      await streamChat(
        baseUrl,
        m.serverModel,
        toChatMessages(messages),
        (text) => {
          if (failing) return;
          progress.report(new vscode.LanguageModelTextPart(text));
          chunks++;
          if (m.fail && chunks >= (m.failAfterChunks ?? 0)) {
            failing = true;
            abort.abort();
          }
        },
        abort.signal,
      ).catch((err: unknown) => {
        if (!failing) throw err;
      });
    } catch (err) {
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      this.log.error(`request to ${m.id} failed: ${String(err)}`);
      throw err;
    } finally {
      cancel.dispose();
    }
    if (failing) {
      // VS Code drops the parts its consumer has not read yet when the error arrives (1.104): a
      // pause lets the partial text through, as from a model that breaks off mid-answer.
      await new Promise((r) => setTimeout(r, m.failDelayMs ?? 1000));
      throw failure(m);
    }
    this.log.info(`request to ${m.id} done: ${chunks} chunks`);
  }

  async provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    const s = typeof text === "string" ? text : partsText(text.content);
    return Math.ceil(s.length / 4);
  }
}

function failure(m: TestModelConfig): vscode.LanguageModelError {
  const kind = m.fail ?? "Blocked";
  return vscode.LanguageModelError[kind](`e2e test model ${m.id} refuses (${kind})`);
}

function partsText(parts: ReadonlyArray<unknown>): string {
  return parts.map((p) => (typeof (p as { value?: unknown })?.value === "string" ? (p as { value: string }).value : "")).join("");
}

function toChatMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  return messages.map((msg) => ({
    role: msg.role === vscode.LanguageModelChatMessageRole.Assistant ? "assistant" : "user",
    content: partsText(msg.content),
  }));
}
