// Chat models as other extensions contribute them to vscode.lm, for tests: scripted replies,
// failures, replies that hang until cancelled, and models that forward to the real local
// OpenAI-compatible test server (so a judge really reads the judge prompt).
import * as vscode from "./fake-vscode";

export type { FakeChatRequest } from "./fake-vscode";

export function chatModel(id: string, behaviour: vscode.FakeChatBehaviour, init: { vendor?: string; family?: string; name?: string; maxInputTokens?: number; version?: string } = {}): vscode.FakeLanguageModelChat {
  return new vscode.FakeLanguageModelChat({ id, vendor: init.vendor ?? "test", family: init.family ?? id, name: init.name ?? id, maxInputTokens: init.maxInputTokens ?? 16384, version: init.version }, behaviour);
}

/** `text` in chunks of `size` characters. */
export function chunks(text: string, size = 6): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Streams `text`, one chunk per macrotask (so a listener sees it arrive in parts). */
export function streamed(text: string, size = 6): vscode.FakeChatBehaviour {
  return () =>
    (async function* () {
      for (const c of chunks(text, size)) {
        await new Promise((r) => setImmediate(r));
        yield c;
      }
    })();
}

/** Never answers: waits until the request's token is cancelled, then ends as VS Code does (CancellationError). */
export function untilCancelled(onStart?: () => void): vscode.FakeChatBehaviour {
  return (req) =>
    (async function* () {
      onStart?.();
      yield* [];
      await new Promise<void>((resolve) => {
        if (req.token.isCancellationRequested) resolve();
        req.token.onCancellationRequested(() => resolve());
      });
      throw new vscode.CancellationError();
    })();
}

/** The text of a VS Code chat message. */
export function messageText(m: vscode.LanguageModelChatMessage): string {
  return m.content.map((p) => p.value).join("");
}

/**
 * Forwards every request to `model` of the OpenAI-compatible test server (streamed), as the
 * e2e tests' provider extension does: user/assistant messages as they are, cancel aborts the request.
 */
export function forwardTo(baseUrl: string, model: string, apiKey?: string): vscode.FakeChatBehaviour {
  return (req) =>
    (async function* () {
      const ac = new AbortController();
      req.token.onCancellationRequested(() => ac.abort());
      const messages = req.messages.map((m) => ({ role: m.role === vscode.LanguageModelChatMessageRole.User ? "user" : "assistant", content: messageText(m) }));
      const res = await fetch(`${baseUrl}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: JSON.stringify({ model, messages, stream: true }),
        signal: ac.signal,
      });
      if (!res.ok || !res.body) throw new vscode.LanguageModelError(`HTTP ${res.status}`, "Unknown");
      const decoder = new TextDecoder();
      let buffer = "";
      for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(bytes, { stream: true });
        let nl: number;
        while ((nl = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (!line.startsWith("data:")) continue;
          const data = line.slice(5).trim();
          if (data === "[DONE]") return;
          const delta = (JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta?.content;
          if (delta) yield delta;
        }
      }
    })();
}

/** The next scratch prompt editor gets `text` typed into it and is confirmed with Ask Models (its title-bar button) while its notification is up. */
export function writeInPromptEditor(text: string): void {
  vscode.ui.progressActions.push({
    title: /Write the prompt/,
    act: async () => {
      const doc = vscode.workspace.textDocuments.at(-1);
      if (!doc || doc.uri.scheme !== "untitled") throw new Error("no scratch prompt editor was opened");
      doc.setText(text);
      await vscode.commands.executeCommand("answerBlender.sendPrompt");
    },
  });
}
