import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { JudgeRanker, createJudgeRanker } from "../../src/core/rank/engines/judge";
import { rankExample, DEFAULT_RANK_SETTINGS } from "../../src/core/rank/rank-example";
import { rankerEntry } from "../../src/core/registry";
import { asPairwise, type BlendExample } from "../../src/core/types";
import type { EndpointConfig } from "../../src/core/engine-options";
import { endpointModel, startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";


// The judge prefers "mid" > "short" > "long": neither length order nor input order.
const example: BlendExample = {
  id: "judge-1",
  instruction: "Name a primary colour.",
  input: "",
  candidates: [
    { model: "long", text: "Green is often called a primary colour of light, along with red and blue." },
    { model: "short", text: "Red." },
    { model: "mid", text: "Blue is a primary colour." },
  ],
};
const JUDGE_ORDER = ["Blue is a primary colour.", "Red.", "Green is often called a primary colour of light, along with red and blue."];

let srv: OpenAiTestServer;
const ep = (model: string): EndpointConfig => ({ id: "judge", baseUrl: srv.url, model });
const settings = { ...DEFAULT_RANK_SETTINGS, plan: "full" as const };

before(async () => {
  srv = await startOpenAiServer({ judgeOrder: JUDGE_ORDER });
});
after(() => srv.close());
beforeEach(() => srv.reset());

describe("judge ranker through rankExample (plan full)", () => {
  test("with logprobs: ranks in the judge's order with soft logits", async () => {
    const judge = new JudgeRanker(endpointModel(ep("judge-order")));
    const r = await rankExample(example, judge, settings);
    assert.deepEqual(r.ranking.map((x) => x.model), ["mid", "short", "long"]);
    assert.equal(r.comparisons, 6);
    assert.equal(judge.softScored, 6);
    assert.equal(judge.hardScored, 0);
    // mid (2) beats long (0) by a gap of 2: P = 0.8 for "A" plus 0.01 for " A", 0.09 for each other letter
    const expected = Math.log(0.81 / 0.09);
    assert.ok(Math.abs(r.matrix[2][0]! - expected) < 1e-9, `matrix[2][0] = ${r.matrix[2][0]}`);
    assert.ok(Math.abs(r.matrix[0][2]! + expected) < 1e-9);
    // each ordered pair asked once, both orders, with logprobs requested
    assert.equal(srv.requests.length, 6);
    assert.ok(srv.requests.every((q) => q.body.logprobs === true && q.body.top_logprobs === 5 && q.body.temperature === 0));
    const shown = srv.requests.map((q) => {
      const a = example.candidates.findIndex((c) => q.prompt.includes("[The Start of Answer A]\n" + c.text + "\n"));
      const b = example.candidates.findIndex((c) => q.prompt.includes("[The Start of Answer B]\n" + c.text + "\n"));
      return `${a}>${b}`;
    });
    assert.deepEqual([...shown].sort(), ["0>1", "0>2", "1>0", "1>2", "2>0", "2>1"]);
    assert.ok(srv.requests[0].prompt.includes("Name a primary colour."));
  });

  test("without logprobs: ranks in the judge's order from the verdict letters (±2)", async () => {
    const judge = new JudgeRanker(endpointModel(ep("judge-order-nolp")));
    const r = await rankExample(example, judge, settings);
    assert.deepEqual(r.ranking.map((x) => x.model), ["mid", "short", "long"]);
    assert.equal(judge.hardScored, 6);
    assert.equal(judge.softScored, 0);
    assert.equal(r.matrix[2][1], 2);
    assert.equal(r.matrix[1][2], -2);
    assert.equal(judge.issues.length, 0);
  });

  test("logprobs can be switched off: the request does not ask for them", async () => {
    const judge = new JudgeRanker(endpointModel(ep("judge-long")), { useLogprobs: false });
    const r = await rankExample(example, judge, settings);
    assert.deepEqual(r.ranking.map((x) => x.model), ["long", "mid", "short"]);
    assert.ok(srv.requests.every((q) => q.body.logprobs === undefined));
  });

  test("an endpoint that rejects logprobs (HTTP 400) is asked again without them, and not asked for them again", async () => {
    const lines: string[] = [];
    const judge = new JudgeRanker(endpointModel(ep("judge-strict-long")), { log: (l) => lines.push(l) });
    const first = await judge.scorePairs([{ source: "q", a: "a long answer", b: "short" }]);
    const more = await judge.scorePairs([{ source: "q", a: "short", b: "a long answer" }]);
    assert.deepEqual([...first, ...more], [2, -2]);
    assert.deepEqual(srv.requests.map((q) => q.body.logprobs === true), [true, false, false]);
    assert.ok(lines.some((l) => /rejected logprobs .*HTTP 400.*using verdict letters only/.test(l)));
  });

  test("the tie letter scores 0", async () => {
    const judge = new JudgeRanker(endpointModel(ep("judge-C")), { useLogprobs: false });
    const r = await rankExample(example, judge, settings);
    assert.ok(r.matrix.every((row, i) => row.every((v, j) => (i === j ? v === null : v === 0))));
    assert.equal(judge.unparsed, 0);
  });

  test("unparseable verdicts count as ties and are reported", async () => {
    const lines: string[] = [];
    const judge = new JudgeRanker(endpointModel(ep("judge-garbage")), { log: (l) => lines.push(l) });
    const r = await rankExample(example, judge, settings);
    assert.equal(judge.unparsed, 6);
    assert.equal(judge.issues.length, 6);
    assert.match(judge.issues[0].message, /unreadable verdict "Both answers have their merits.*" counted as a tie/);
    assert.equal(judge.issues[0].endpoint, "judge");
    assert.ok(r.matrix[0][1] === 0 && r.matrix[1][0] === 0);
    assert.ok(lines.some((l) => /unreadable verdict/.test(l)));
  });

  test("a judge that rejects the key stops the ranking with a clear error", async () => {
    const judge = new JudgeRanker(endpointModel(ep("unauthorized")));
    await assert.rejects(rankExample(example, judge, settings), /HTTP 401/);
  });

  test("a judge that keeps failing stops the ranking instead of ranking on ties", async () => {
    const judge = new JudgeRanker(endpointModel(ep("fail")));
    await assert.rejects(rankExample(example, judge, settings), /HTTP 500/);
  });
});

describe("registry and options", () => {
  test("judge is registered in place (no worker) and picks the endpoint by id", async () => {
    const entry = rankerEntry("judge");
    assert.equal(entry.worker, false);
    const endpoints: EndpointConfig[] = [
      { id: "x", baseUrl: "http://127.0.0.1:1/v1", model: "m" },
      { id: "j", baseUrl: srv.url, model: "judge-long" },
    ];
    const r = await entry.create({ endpoints, endpoint: "j" }, {});
    assert.equal(r.name, "judge");
    assert.match(r.modelId, /judge-long@http:\/\/127\.0\.0\.1/);
    const logits = await asPairwise(r).scorePairs([{ source: "q", a: "longer one", b: "short" }]);
    assert.ok(logits[0] > 0);
  });

  test("an unknown or missing judge endpoint is an input error listing the ids", async () => {
    const endpoints: EndpointConfig[] = [{ id: "a", baseUrl: srv.url, model: "m" }, { id: "b", baseUrl: srv.url, model: "m" }];
    await assert.rejects(createJudgeRanker({ endpoints, endpoint: "zz" }), { name: "InputError", message: /no endpoint "zz" for the judge ranker \(known: a, b\)/ });
    await assert.rejects(createJudgeRanker({ endpoints }), { name: "InputError", message: /needs an endpoint id \(one of: a, b\)/ });
    await assert.rejects(createJudgeRanker({}), { name: "InputError", message: /needs endpoints/ });
  });
});
