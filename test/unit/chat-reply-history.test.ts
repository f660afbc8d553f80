// The pieces of an @blend reply and the chat history it reads, on their own: fences a cut-off
// answer leaves open are closed before the ranking, references come out in prompt order, and
// the history turns become the conversation the models see.
import "../helpers/install-fake-vscode";
import { test } from "node:test";
import assert from "node:assert/strict";
import * as vscode from "../helpers/fake-vscode";
import { ChatReply, opensFence, untrustedMarkdown } from "../../src/vscode/chat-reply";
import { chatHistoryMessages } from "../../src/vscode/chat-history";
import { fileReferences, promptWithoutReferences } from "../../src/vscode/chat-references";

test("a fence left open by the answer is closed before our own lines, so the table renders as a table", () => {
  assert.equal(opensFence("text\n```python\nprint(1)\n"), true);
  assert.equal(opensFence("```\na\n```\n"), false);
  assert.equal(opensFence("````\n```\nstill inside\n````"), false, "a longer fence is closed only by one at least as long");
  assert.equal(opensFence("~~~\n```\n"), true, "a backtick line does not close a tilde fence");

  const stream = new vscode.FakeChatResponseStream();
  const reply = new ChatReply(stream as never);
  reply.answer("Here:\n```js\nconsole.log(");
  reply.note("| a | b |");
  assert.equal(stream.text, "Here:\n```js\nconsole.log(\n```\n\n| a | b |\n\n");
  assert.equal(untrustedMarkdown("x").isTrusted, false);
});

test("progress lines are not repeated; answerWhole writes only what the stream has not shown yet", () => {
  const stream = new vscode.FakeChatResponseStream();
  const reply = new ChatReply(stream as never);
  reply.progress("Asking 2 models…");
  reply.progress("Asking 2 models…");
  reply.answer("Hello ");
  reply.answerWhole("Hello world");
  reply.answerWhole("Something else");
  assert.deepEqual(stream.progressLines, ["Asking 2 models…"]);
  assert.equal(stream.text, "Hello world");
});

test("history: questions and answers in order; /models turns, failed replies and their questions left out; an @blend reply's answer comes from its blend", () => {
  const P = "answer-blender.blend";
  const md = (t: string) => new vscode.ChatResponseMarkdownPart(t);
  const history = [
    new vscode.ChatRequestTurn("first question", undefined, [], P),
    new vscode.ChatResponseTurn([md("fused **one**"), md("\n\n| # | model |")], { metadata: { blendId: "b1" } }, P),
    new vscode.ChatRequestTurn("", "models", [], P),
    new vscode.ChatResponseTurn([md("- Answer models: a")], { metadata: { command: "models" } }, P, "models"),
    new vscode.ChatRequestTurn("this one failed", undefined, [], P),
    new vscode.ChatResponseTurn([], { errorDetails: { message: "no model answered" } }, P),
    new vscode.ChatRequestTurn("third", "rank", [], P),
    new vscode.ChatResponseTurn([md("plain reply")], {}, P, "rank"),
  ];
  const answers: Record<string, string> = { b1: "fused one" };
  const messages = chatHistoryMessages(history as never, (r) => answers[(r.metadata as { blendId?: string } | undefined)?.blendId ?? ""], ["models"]);
  assert.deepEqual(messages, [
    { role: "user", content: "first question" },
    { role: "assistant", content: "fused one" },
    { role: "user", content: "third" },
    { role: "assistant", content: "plain reply" },
  ]);
});

test("references: files and ranges in the order they were written, other kinds left out; the prompt without them", () => {
  const a = vscode.Uri.file("/ws/a.md");
  const b = vscode.Uri.file("/ws/b.md");
  const range = new vscode.Range(new vscode.Position(0, 0), new vscode.Position(3, 0));
  const prompt = "compare #file:a.md with #selection please #var";
  const refs = [
    { id: "var", range: [prompt.indexOf("#var"), prompt.length] as [number, number], value: "some value" },
    { id: "sel", range: [prompt.indexOf("#selection"), prompt.indexOf(" please")] as [number, number], value: new vscode.Location(b, range) },
    { id: "file", range: [prompt.indexOf("#file"), prompt.indexOf(" with")] as [number, number], value: a },
  ];
  const files = fileReferences(refs as never);
  assert.deepEqual(files.map((f) => [f.uri.path, f.range ? `${f.range.start.line}-${f.range.end.line}` : ""]), [["/ws/a.md", ""], ["/ws/b.md", "0-3"]]);
  assert.equal(promptWithoutReferences(prompt, refs as never), "compare with please");
  assert.equal(promptWithoutReferences(prompt, refs as never, (r, typed) => (r.id === "var" ? typed : "X")), "compare X with X please #var");
});
