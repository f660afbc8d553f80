// A chat's earlier turns with @blend as the conversation the answering models see: each
// question as a user message, each reply as the assistant's (the blend's answer itself, not the
// ranking table and captions around it). /models turns and replies that gave nothing are left out.
import * as vscode from "vscode";
import type { ChatMessage } from "../core/chat/chat-model";

/** Text of the Markdown parts of a reply (what the chat shows of it). */
export function responseText(turn: vscode.ChatResponseTurn): string {
  return turn.response
    .map((p) => (p instanceof vscode.ChatResponseMarkdownPart ? p.value.value : ""))
    .join("")
    .trim();
}

/**
 * `answerOf(result)`: the answer a reply gave, when it knows better than the reply's text
 * (an @blend reply: the fused or top answer of its blend).
 */
export function chatHistoryMessages(
  history: ReadonlyArray<vscode.ChatRequestTurn | vscode.ChatResponseTurn>,
  answerOf: (result: vscode.ChatResult) => string | undefined = () => undefined,
  skipCommands: readonly string[] = [],
): ChatMessage[] {
  const out: ChatMessage[] = [];
  let question: ChatMessage | null = null;
  for (const turn of history) {
    if (turn instanceof vscode.ChatRequestTurn) {
      question = turn.command && skipCommands.includes(turn.command) ? null : { role: "user", content: turn.prompt };
      continue;
    }
    if (!(turn instanceof vscode.ChatResponseTurn) || !question) continue;
    const answer = turn.result.errorDetails ? "" : (answerOf(turn.result) ?? responseText(turn));
    // A question without an answer (failed, stopped before anything came) is left out with it.
    if (answer.trim()) out.push(question, { role: "assistant", content: answer });
    question = null;
  }
  return out;
}
