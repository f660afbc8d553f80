// The default chat participant (test only): without one, code-server's Chat view stays hidden and
// `workbench.action.chat.open` does nothing (test/e2e/README.md, trap 1). It answers with the
// model selected in the chat, streaming that model's text. `/demo` adds what a richer participant
// streams (a progress message, a Markdown table, a button) so the harness's chat readers are tested.
import * as vscode from "vscode";
import { RECORD_CLICK_COMMAND } from "./clicks";

export const PARTICIPANT_ID = "e2e-lm-provider.tester";

export function registerDefaultParticipant(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, context, response, token) => {
    const messages: vscode.LanguageModelChatMessage[] = [];
    for (const turn of context.history) {
      if (turn instanceof vscode.ChatRequestTurn) messages.push(vscode.LanguageModelChatMessage.User(turn.prompt));
      else if (turn instanceof vscode.ChatResponseTurn) {
        const text = turn.response.map((p) => (p instanceof vscode.ChatResponseMarkdownPart ? p.value.value : "")).join("");
        if (text) messages.push(vscode.LanguageModelChatMessage.Assistant(text));
      }
    }
    messages.push(vscode.LanguageModelChatMessage.User(request.prompt));
    const demo = request.command === "demo";
    log.info(`participant: "${request.prompt}"${demo ? " (/demo)" : ""} with model ${request.model.vendor}/${request.model.id} (${messages.length} messages)`);
    try {
      if (demo) response.progress(`asking ${request.model.name}…`);
      const answer = await request.model.sendRequest(messages, {}, token);
      for await (const chunk of answer.text) response.markdown(chunk);
      if (demo) {
        response.markdown(`\n\n| rank | model |\n| --- | --- |\n| 1 | ${request.model.name} |\n| 2 | (none) |\n`);
        response.button({ command: RECORD_CLICK_COMMAND, title: "Record Click", arguments: [{ prompt: request.prompt, model: request.model.id }] });
      }
      return { metadata: { model: request.model.id } };
    } catch (err) {
      log.error(`participant: model ${request.model.id} failed: ${String(err)}`);
      return { errorDetails: { message: `model ${request.model.id} failed: ${err instanceof Error ? err.message : String(err)}` } };
    }
  });
}
