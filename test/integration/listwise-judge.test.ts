// The listwise judge against the real local OpenAI-compatible test server.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ListwiseJudgeRanker } from "../../src/core/rank/engines/listwise/listwise-judge";
import { createJudgeRanker } from "../../src/core/rank/engines/judge";
import { rankExample, DEFAULT_RANK_SETTINGS } from "../../src/core/rank/rank-example";
import { PairCache } from "../../src/core/rank/pair-cache";
import { blendExample } from "../../src/core/blend";
import { isAbortError } from "../../src/core/errors";
import { blendReportMarkdown } from "../../src/core/export/markdown-report";
import type { BlendExample } from "../../src/core/types";
import type { EndpointConfig } from "../../src/core/engine-options";
import { endpointModel, shownAnswers, startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";

// The judge's order (best first) is neither the input order nor the length order.
const example: BlendExample = {
  id: "lw-1",
  instruction: "Name a primary colour.",
  input: "",
  candidates: [
    { model: "long", text: "Green is often called a primary colour of light, along with red and blue." },
    { model: "short", text: "Red." },
    { model: "mid", text: "Blue is a primary colour." },
    { model: "odd", text: "Purple, I think." },
  ],
};
const JUDGE_ORDER = ["Blue is a primary colour.", "Red.", "Purple, I think.", "Green is often called a primary colour of light, along with red and blue."];
const TRUE_ORDER = ["mid", "short", "odd", "long"];

let srv: OpenAiTestServer;
const ep = (model: string, extra: Partial<EndpointConfig> = {}): EndpointConfig => ({ id: "judge", baseUrl: srv.url, model, ...extra });
const judge = (model: string, k = 2, extra: Partial<EndpointConfig> = {}) => new ListwiseJudgeRanker(endpointModel(ep(model, extra)), k);
const shownModels = (prompt: string) => shownAnswers(prompt).map((a) => example.candidates.find((c) => c.text === a.text)?.model ?? "?");

before(async () => {
  srv = await startOpenAiServer({ judgeOrder: JUDGE_ORDER });
});
after(() => srv.close());
beforeEach(() => srv.reset());

describe("listwise judge through rankExample", () => {
  test("k = 2: two requests (an order and its reverse), the judge's ranking, unanimous ballots = ±ln 5", async () => {
    const r = await rankExample(example, judge("judge-list"), DEFAULT_RANK_SETTINGS);
    assert.equal(srv.requests.length, 2);
    assert.deepEqual(r.ranking.map((x) => x.model), TRUE_ORDER);
    assert.deepEqual(r.ranking.map((x) => x.rank), [1, 2, 3, 4]);
    assert.equal(r.mode, "listwise");
    assert.equal(r.comparisons, 2);
    assert.equal(r.plan, "full");
    const [a, b] = srv.requests.map((q) => shownModels(q.prompt));
    assert.deepEqual(b, [...a].reverse());
    assert.deepEqual([...a].sort(), ["long", "mid", "odd", "short"]);
    assert.ok(srv.requests.every((q) => q.body.temperature === 0 && q.body.logprobs === undefined));
    // mid (2) above long (0) on both ballots
    assert.ok(Math.abs(r.matrix[2][0]! - Math.log(5)) < 1e-12);
    assert.ok(Math.abs(r.matrix[0][2]! + Math.log(5)) < 1e-12);
    assert.deepEqual(r.ballots, { orders: 2, requests: 2, counted: 2, dropped: 0, cut: [], judges: [{ judge: "judge", asked: 2, counted: 2, dropped: 0, agreement: 1 }] });
  });

  test("a re-rank with another aggregator asks nothing: the ballots come from the cache", async () => {
    const ranker = judge("judge-list");
    const cache = new PairCache();
    await rankExample(example, ranker, DEFAULT_RANK_SETTINGS, cache);
    const again = await rankExample(example, ranker, { ...DEFAULT_RANK_SETTINGS, aggregate: "bradley-terry" }, cache);
    assert.equal(srv.requests.length, 2);
    assert.equal(again.cacheHits, 2);
    assert.equal(again.comparisons, 0);
    assert.deepEqual(again.ranking.map((x) => x.model), TRUE_ORDER);
    assert.ok(again.ranking.every((x) => x.strength !== undefined));
  });

  test("k = 1, 3, 4 send exactly k requests in k different orders", async () => {
    for (const k of [1, 3, 4]) {
      srv.reset();
      const r = await rankExample(example, judge("judge-list", k), DEFAULT_RANK_SETTINGS);
      assert.equal(srv.requests.length, k);
      assert.equal(new Set(srv.requests.map((q) => shownModels(q.prompt).join())).size, k);
      assert.deepEqual(r.ranking.map((x) => x.model), TRUE_ORDER);
    }
  });

  test("blend and its Markdown report take the listwise result as they are, saying the mode", async () => {
    const b = await blendExample(example, judge("judge-list"), null, { ...DEFAULT_RANK_SETTINGS, fuseTopK: 2 });
    assert.equal(b.top.model, "mid");
    assert.match(blendReportMarkdown(b), /ranker judge · listwise, 2 orders · aggregator max-logits · 2 requests/);
  });

  test("a messy but clear ranking line is read without a repair request", async () => {
    const r = await rankExample(example, judge("judge-list-messy"), DEFAULT_RANK_SETTINGS);
    assert.equal(srv.requests.length, 2);
    assert.deepEqual(r.ranking.map((x) => x.model), TRUE_ORDER);
  });

  test("a reply without a ranking gets one repair request (the conversation so far, then the ask for the line alone)", async () => {
    const ranker = judge("judge-list-repair");
    const r = await rankExample(example, ranker, DEFAULT_RANK_SETTINGS);
    assert.equal(srv.requests.length, 4);
    assert.equal(r.comparisons, 4, "comparisons counts requests, repairs included");
    assert.deepEqual(r.ranking.map((x) => x.model), TRUE_ORDER);
    assert.equal(ranker.issues.length, 0);
    const repairs = srv.requests.filter((q) => (q.body.messages as Array<{ role: string }>).some((m) => m.role === "assistant"));
    assert.equal(repairs.length, 2);
    const msgs = repairs[0].body.messages as Array<{ role: string; content: string }>;
    assert.deepEqual(msgs.map((m) => m.role), ["system", "user", "assistant", "user"]);
    assert.match(msgs[3].content, /did not end with a usable ranking line \(no "FINAL RANKING:" line\).*labels A, B, C, D, each exactly once/);
  });

  test("a ranking still broken after the repair: the ballot is dropped and reported, the answers stay unranked", async () => {
    const ranker = judge("judge-list-broken");
    const r = await rankExample(example, ranker, DEFAULT_RANK_SETTINGS);
    assert.equal(srv.requests.length, 4);
    assert.equal(ranker.issues.length, 2);
    assert.match(ranker.issues[0].message, /ballot \d of 2 dropped, its ranking unreadable: [A-D] missing; after one repair request: [A-D] missing/);
    assert.equal(ranker.issues[0].endpoint, "judge");
    assert.ok(r.matrix.every((row) => row.every((v) => v === null)));
    assert.ok(r.ranking.every((x) => x.rank === 1));
    assert.deepEqual([r.ballots?.counted, r.ballots?.dropped, r.ballots?.judges[0].agreement], [0, 2, null]);
  });

  test("position bias: a judge that ranks in the order shown is cancelled by k = 2 (every pair 1:1), not by k = 1", async () => {
    const two = await rankExample(example, judge("judge-list-first", 2), DEFAULT_RANK_SETTINGS);
    assert.ok(two.matrix.every((row, i) => row.every((v, j) => (i === j ? v === null : v === 0))));
    srv.reset();
    const one = await rankExample(example, judge("judge-list-first", 1), DEFAULT_RANK_SETTINGS);
    assert.deepEqual(one.ranking.map((x) => x.model), shownModels(srv.requests[0].prompt));
  });

  test("long answers are cut to fit the judge's context, and the cut is reported", async () => {
    const long = "This answer goes on and on about colours. ".repeat(500); // 21,000 characters
    const ex: BlendExample = { ...example, candidates: [...example.candidates, { model: "verbose", text: long }] };
    const ranker = judge("judge-list", 1, { maxInputTokens: 2_500 });
    const r = await rankExample(ex, ranker, DEFAULT_RANK_SETTINGS);
    const prompt = srv.requests[0].prompt;
    assert.ok(prompt.length < 2_500 * 4, `prompt of ${prompt.length} characters`);
    const shown = shownAnswers(prompt).find((a) => a.text.startsWith("This answer goes on"))!;
    assert.match(shown.text, /\[… answer cut here to fit the judge's context: \d+ of 21000 characters shown\]$/);
    for (const c of example.candidates) assert.ok(prompt.includes(c.text), "short answers stay whole");
    assert.equal(ranker.issues.length, 1);
    assert.match(ranker.issues[0].message, /answer verbose cut to \d+ of 21000 characters to fit the context of judge judge \(2500 tokens\)/);
    assert.deepEqual(r.ballots?.cut, ["verbose"]);
    assert.deepEqual(r.ranking.map((x) => x.model), [...TRUE_ORDER, "verbose"]);
  });

  test("a judge that keeps failing or rejects the key stops the ranking with the error", async () => {
    await assert.rejects(rankExample(example, judge("fail"), DEFAULT_RANK_SETTINGS), /HTTP 500/);
    await assert.rejects(rankExample(example, judge("unauthorized"), DEFAULT_RANK_SETTINGS), /HTTP 401/);
  });

  test("cancelling aborts the ballots in flight", async () => {
    const ac = new AbortController();
    const running = rankExample(example, judge("hang"), DEFAULT_RANK_SETTINGS, undefined, { signal: ac.signal });
    await srv.waitForInFlight(2);
    ac.abort();
    await assert.rejects(running, (e) => isAbortError(e));
  });

  test("fewer than two answers: no request", async () => {
    const r = await rankExample({ ...example, candidates: example.candidates.slice(0, 1) }, judge("judge-list"), DEFAULT_RANK_SETTINGS);
    assert.equal(srv.requests.length, 0);
    assert.equal(r.ranking.length, 1);
  });
});

describe("createJudgeRanker options", () => {
  test("judgeMode listwise builds the listwise judge with k orders; bad orders are input errors", async () => {
    const endpoints = [ep("judge-list")];
    const r = await createJudgeRanker({ endpoints, endpoint: "judge", judgeMode: "listwise", judgeOrders: 3 });
    assert.ok(r instanceof ListwiseJudgeRanker);
    assert.equal(r.orders, 3);
    assert.equal((await createJudgeRanker({ endpoints, endpoint: "judge", judgeMode: "listwise" })).name, "judge");
    await assert.rejects(createJudgeRanker({ endpoints, endpoint: "judge", judgeMode: "listwise", judgeOrders: 5 }), { name: "InputError", message: /from 1 to 4, got 5/ });
    await assert.rejects(createJudgeRanker({ endpoints, endpoint: "judge", judgeOrders: 2 }), { name: "InputError", message: /not to pairwise/ });
  });
});
