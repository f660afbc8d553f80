import { test } from "node:test";
import assert from "node:assert/strict";
import { SseParser } from "../../src/core/endpoints/sse";
import { redact } from "../../src/core/endpoints/errors";
import { backoffDelay, parseRetryAfter } from "../../src/core/endpoints/retry";
import { readCompletion, readStreamChunk } from "../../src/core/endpoints/chat-types";
import { parseVerdict, judgePrompt } from "../../src/core/rank/engines/judge-prompt";
import { logitFromLogprobs } from "../../src/core/rank/engines/judge";
import { fusionPrompt } from "../../src/core/fuse/engines/llm";

test("SSE: events split anywhere, CRLF, comments, multi-line data, unterminated last event", () => {
  const p = new SseParser();
  const text = ': ping\r\ndata: {"a":1}\r\n\r\ndata: line1\ndata: line2\n\nevent: x\ndata: [DONE]\n\ndata: tail';
  const out: string[] = [];
  for (const ch of text) out.push(...p.push(ch)); // one character at a time
  out.push(...p.end());
  assert.deepEqual(out, ['{"a":1}', "line1\nline2", "[DONE]", "tail"]);
});

test("redact: given secrets and key-like strings", () => {
  assert.equal(redact("key abcd-1234-secret was rejected", ["abcd-1234-secret"]), "key *** was rejected");
  assert.equal(redact("Incorrect API key provided: sk-proj-AbC123xyz789."), "Incorrect API key provided: ***.");
  assert.equal(redact("Authorization: Bearer eyJhbGciOi.x.y"), "Authorization: Bearer ***");
  assert.equal(redact("GET /v1?api_key=abcdef123&x=1"), "GET /v1?api_key=***&x=1");
  assert.equal(redact("nothing secret here: sk- alone"), "nothing secret here: sk- alone");
});

test("backoff: exponential with equal jitter, capped", () => {
  const s = { baseMs: 100, maxMs: 1000 };
  assert.equal(backoffDelay(1, s, () => 0), 50);
  assert.equal(backoffDelay(1, s, () => 1), 100);
  assert.equal(backoffDelay(3, s, () => 1), 400);
  assert.equal(backoffDelay(10, s, () => 0.5), 750);
});

test("Retry-After: seconds, ms, HTTP date", () => {
  assert.equal(parseRetryAfter(new Headers({ "retry-after": "3" })), 3000);
  assert.equal(parseRetryAfter(new Headers({ "retry-after-ms": "250", "retry-after": "3" })), 250);
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now), 5000);
  assert.equal(parseRetryAfter(new Headers({ "retry-after": "soon" })), undefined);
  assert.equal(parseRetryAfter(new Headers()), undefined);
});

test("completion readers: content parts, usage, logprobs, errors", () => {
  const r = readCompletion({
    choices: [{ message: { content: [{ type: "text", text: "he" }, { type: "text", text: "llo" }] }, finish_reason: "length", logprobs: { content: [{ token: "he", logprob: -0.1, top_logprobs: [{ token: "he", logprob: -0.1 }] }] } }],
    usage: { prompt_tokens: 7, completion_tokens: 2 },
  });
  assert.ok(r.ok);
  assert.deepEqual(r.value, { text: "hello", finishReason: "length", promptTokens: 7, completionTokens: 2, logprobs: [{ token: "he", logprob: -0.1, top: [{ token: "he", logprob: -0.1 }] }] });
  const e = readCompletion({ error: { message: "model overloaded" } });
  assert.ok(!e.ok && /model overloaded/.test(e.problem));
  assert.ok(!readCompletion({ object: "list", data: [] }).ok);
  const c = readStreamChunk({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 4 } });
  assert.ok(c.ok);
  assert.deepEqual(c.value, { delta: "", promptTokens: 3, completionTokens: 4, logprobs: [] });
});

test("verdicts: letters in the forms judges use; unclear replies are undefined", () => {
  const cases: Array<[string, string | undefined]> = [
    ["A", "A"],
    ["B", "B"],
    ["C", "tie"],
    [" B.", "B"],
    ["**A**", "A"],
    ['"B"', "B"],
    ["[[A]]", "A"],
    ["Answer B", "B"],
    ["answer: a", "A"],
    ["The better answer is B.", "B"],
    ["<think>A seems ok but B is better</think>\nB", "B"],
    ["Tie", "tie"],
    ["After weighing both, my verdict: [[B]]", "B"],
    ["Both answers have their merits.", undefined],
    ["", undefined],
    ["b", undefined],
    ["Because A is wrong, B", undefined],
  ];
  for (const [reply, want] of cases) assert.equal(parseVerdict(reply), want, JSON.stringify(reply));
});

test("logprob logit: log P(A) − log P(B), variants summed, missing letters bounded, late letters found", () => {
  const lp = Math.log;
  assert.ok(Math.abs(logitFromLogprobs([{ token: "A", logprob: lp(0.7), top: [{ token: "A", logprob: lp(0.7) }, { token: "B", logprob: lp(0.2) }, { token: " A", logprob: lp(0.1) }] }])! - lp(0.8 / 0.2)) < 1e-12);
  // B absent from the top list: bounded by the smallest listed probability
  assert.ok(Math.abs(logitFromLogprobs([{ token: "A", logprob: lp(0.9), top: [{ token: "A", logprob: lp(0.9) }, { token: "The", logprob: lp(0.05) }] }])! - lp(0.9 / 0.05)) < 1e-12);
  // only the tie letter: 0
  assert.equal(logitFromLogprobs([{ token: "C", logprob: lp(0.9), top: [{ token: "C", logprob: lp(0.9) }, { token: "The", logprob: lp(0.05) }] }]), 0);
  // a leading "**" token is skipped
  const late = logitFromLogprobs([
    { token: "**", logprob: lp(0.9), top: [{ token: "**", logprob: lp(0.9) }] },
    { token: "B", logprob: lp(0.6), top: [{ token: "B", logprob: lp(0.6) }, { token: "A", logprob: lp(0.3) }] },
  ]);
  assert.ok(Math.abs(late! - lp(0.3 / 0.6)) < 1e-12);
  assert.equal(logitFromLogprobs([{ token: "Well", logprob: -0.1, top: [{ token: "Well", logprob: -0.1 }] }]), undefined);
});

test("prompts carry the request and the answers in order", () => {
  const j = judgePrompt("Say hi", "hello", "hey");
  assert.ok(j.indexOf("Say hi") < j.indexOf("[The Start of Answer A]\nhello\n[The End of Answer A]"));
  assert.ok(j.indexOf("[The End of Answer A]") < j.indexOf("[The Start of Answer B]\nhey\n[The End of Answer B]"));
  const f = fusionPrompt({ instruction: "Sum 2+2", input: "show work", ranked: [{ model: "x", text: "4" }, { model: "y", text: "5" }] });
  assert.ok(f.includes("[Request]\nSum 2+2\n\n[Input]\nshow work"));
  assert.ok(f.indexOf("[Candidate 1 (ranked best)]\n4\n[End of Candidate 1]") < f.indexOf("[Candidate 2]\n5\n[End of Candidate 2]"));
  assert.match(f, /keeps what the candidates get right/);
  assert.match(f, /corrects or drops what is wrong/);
});
