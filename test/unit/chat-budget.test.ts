import { test } from "node:test";
import assert from "node:assert/strict";
import { addBudgets, formatBudget, judgeBudget, requestBudget, totalRequests } from "../../src/core/chat/budget";

const base = { answers: 0, candidates: 6, plan: "full" as const, topK: 3, chatFuser: false };

test("budget: listwise is k requests per example (+ at most k repairs); pairwise the plan's pairs", () => {
  assert.equal(requestBudget({ ...base, chatJudge: true }).judge, 30);
  assert.equal(requestBudget({ ...base, chatJudge: true, plan: "knockout" }).judge, 10);
  const lw = requestBudget({ ...base, chatJudge: true, judgeMode: "listwise" });
  assert.deepEqual(lw, { answers: 0, judge: 2, judgeRepairs: 2, fusion: 0 });
  assert.equal(formatBudget(lw), "2 judge calls (+ up to 2 repairs)");
  assert.equal(requestBudget({ ...base, chatJudge: true, judgeMode: "listwise", judgeOrders: 4 }).judge, 4);
  assert.equal(requestBudget({ ...base, candidates: 2, chatJudge: true, judgeMode: "listwise", judgeOrders: 4 }).judge, 2, "two answers have two orders");
  assert.equal(requestBudget({ ...base, candidates: 1, chatJudge: true, judgeMode: "listwise" }).judge, 0);
  assert.equal(totalRequests(addBudgets(lw, { answers: 6, judge: 0, fusion: 1 })), 9);
});

test("budget: the council asks each author once per order about the answers it did not write", () => {
  // 4 candidates: a wrote one, b wrote two (sees 2), c wrote one
  const c = requestBudget({ ...base, candidates: 4, chatJudge: true, judgeMode: "council", councilOwn: [1, 2, 1] });
  assert.equal(c.judge, 3);
  assert.equal(requestBudget({ ...base, candidates: 3, chatJudge: true, judgeMode: "council", councilOwn: [2, 1] }).judge, 1, "a judge that sees one answer asks nothing");
  const cands = ["a", "b", "c", "d"].map((m) => ({ model: m, text: m }));
  const endpoints = ["a", "b", "c"].map((id) => ({ id, baseUrl: "http://127.0.0.1:1/v1", model: "m" }));
  const jb = judgeBudget("council", { endpoints, judgeOrders: 2 }, cands);
  assert.deepEqual(jb, { chatJudge: true, judgeMode: "council", judgeOrders: 2, councilOwn: [1, 1, 1] });
  assert.equal(requestBudget({ ...base, candidates: 4, ...jb }).judge, 6);
  assert.deepEqual(judgeBudget("judge", { judgeMode: "listwise" }, cands), { chatJudge: true, judgeMode: "listwise", judgeOrders: undefined });
  assert.deepEqual(judgeBudget("builtin", {}, cands), { chatJudge: false });
  // an endpoint that only judges is no council member
  assert.deepEqual(judgeBudget("council", { endpoints: [{ ...endpoints[0], roles: ["judge"] }] }, cands).councilOwn, []);
});
