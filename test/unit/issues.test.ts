// How problems read in the panel and the "partial result" notification: the subject once, then the reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import { problemLine, issueReason, issueSubject, withoutSubject } from "../../src/core/issues";

test("a refusing VS Code chat model: named once, without the word endpoint", () => {
  const issue = { where: "endpoint copilot/o3", endpoint: "copilot/o3", message: "copilot/o3: no consent (The user did not allow it.)" };
  assert.equal(issueSubject(issue), "copilot/o3");
  assert.equal(issueReason(issue), "no consent (The user did not allow it.)");
  assert.equal(problemLine(issue), "copilot/o3: no consent (The user did not allow it.)");
});

test("a failing endpoint: its quoted name in front of the message is left out", () => {
  const issue = { where: "endpoint broken", endpoint: "broken", message: 'endpoint "broken": HTTP 500 Internal Server Error: server error' };
  assert.equal(problemLine(issue), "broken: HTTP 500 Internal Server Error: server error");
});

test("the k-th sample keeps its #k; the judge and files keep their place", () => {
  assert.equal(problemLine({ where: "endpoint local#2", endpoint: "local", message: 'endpoint "local": no response within 2000 ms (first-byte timeout)' }), "local#2: no response within 2000 ms (first-byte timeout)");
  const judge = { where: "judge copilot/judge", endpoint: "copilot/judge", message: "judge call failed, pair counted as a tie: copilot/judge: timed out" };
  assert.equal(problemLine(judge), "judge copilot/judge: judge call failed, pair counted as a tie: copilot/judge: timed out");
  assert.equal(problemLine({ where: "answers/b.md", message: "skipped: empty file" }), "answers/b.md: skipped: empty file");
});

test("a message that is only the name, or names another model, stays as it is", () => {
  assert.equal(withoutSubject("copilot/o3: ", "copilot/o3"), "copilot/o3: ");
  assert.equal(withoutSubject("copilot/gpt-4o: blocked", "copilot/o3"), "copilot/gpt-4o: blocked");
  assert.equal(withoutSubject("copilot/o3x: blocked", "copilot/o3"), "copilot/o3x: blocked");
});
