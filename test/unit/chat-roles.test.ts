import { test } from "node:test";
import assert from "node:assert/strict";
import { answerers, rolesOf } from "../../src/core/chat/roles";
import { formatBudget, requestBudget, totalRequests } from "../../src/core/chat/budget";

const eps = [{ id: "a" }, { id: "judge" }, { id: "fuser" }, { id: "both", roles: ["answer", "judge"] as const }, { id: "j-only", roles: ["judge"] as const }];

test("an endpoint without roles answers, unless it is the chosen judge or fuser", () => {
  assert.deepEqual(rolesOf({ id: "a" }), ["answer"]);
  assert.deepEqual(rolesOf({ id: "judge" }, { judge: "judge" }), ["judge"]);
  assert.deepEqual(rolesOf({ id: "x" }, { judge: "x", fuser: "x" }), ["judge", "fuse"]);
  assert.deepEqual(
    answerers(eps, { judge: "judge", fuser: "fuser" }).map((e) => e.id),
    ["a", "both"],
  );
});

test("explicit roles win over the judge/fuser choice: a judge with the answer role is still asked", () => {
  assert.deepEqual(answerers(eps, { judge: "both" }).map((e) => e.id), ["a", "judge", "fuser", "both"]);
  assert.deepEqual(rolesOf(eps[4], { judge: "j-only" }), ["judge"]);
});

test("request budget: answers + the plan's judge calls + one fusion", () => {
  const b = requestBudget({ answers: 4, candidates: 4, chatJudge: true, plan: "knockout", topK: 3, chatFuser: true });
  assert.deepEqual(b, { answers: 4, judge: 6, fusion: 1 });
  assert.equal(formatBudget(b), "4 answers + 6 judge calls + 1 fusion");
  assert.equal(totalRequests(b), 11);
  const full = requestBudget({ answers: 0, candidates: 4, chatJudge: true, plan: "full", topK: 3, chatFuser: false });
  assert.equal(formatBudget(full), "12 judge calls");
  assert.equal(formatBudget(requestBudget({ answers: 0, candidates: 5, chatJudge: false, plan: "full", topK: 3, chatFuser: false })), "no model requests");
  assert.equal(formatBudget({ answers: 1, judge: 1, fusion: 0 }), "1 answer + 1 judge call");
});
