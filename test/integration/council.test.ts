// The council ranker against the real local test server: each answering model ranks the others.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { CouncilRanker, createCouncilRanker } from "../../src/core/rank/engines/listwise/council";
import { rankExample, DEFAULT_RANK_SETTINGS } from "../../src/core/rank/rank-example";
import { rankerEntry } from "../../src/core/registry";
import type { BlendExample } from "../../src/core/types";
import type { EndpointConfig } from "../../src/core/engine-options";
import type { ChatModel } from "../../src/core/chat/chat-model";
import { endpointModel, shownAnswers, startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";

// Four models; the shared taste puts c first, then a, d, b. Every council-* model puts its own answer first when shown.
const TEXT: Record<string, string> = { a: "Answer by a: blue.", b: "Answer by b: purple.", c: "Answer by c: red, yellow, blue.", d: "Answer by d: red." };
const ORDER = ["c", "a", "d", "b"];
const example = (ids = ["a", "b", "c", "d"]): BlendExample => ({
  id: "council-1",
  instruction: "Name the primary colours.",
  input: "",
  candidates: ids.map((id) => ({ model: id, text: TEXT[id], meta: { endpoint: id } })),
});
const settings = { ...DEFAULT_RANK_SETTINGS, aggregate: "bradley-terry" as const };

let srv: OpenAiTestServer;
const endpoint = (id: string, model = `council-${id}`): EndpointConfig => ({ id, baseUrl: srv.url, model });
/** The judges as their HTTP chat models, looked up by author id. */
const finder = (eps: EndpointConfig[]) => {
  const models = new Map(eps.map((e) => [e.id, endpointModel(e)]));
  return (id: string): ChatModel | undefined => models.get(id);
};
const judgeOf = (model: string) => model.replace(/^council-/, "");
const shownIds = (prompt: string) => shownAnswers(prompt).map((a) => Object.keys(TEXT).find((k) => TEXT[k] === a.text) ?? "?");

before(async () => {
  srv = await startOpenAiServer({
    judgeOrder: ORDER.map((id) => TEXT[id]),
    answers: Object.fromEntries(Object.keys(TEXT).map((id) => [`council-${id}`, TEXT[id]])),
  });
});
after(() => srv.close());
beforeEach(() => srv.reset());

describe("council", () => {
  test("each model ranks the other three (never its own answer): 4 requests, the shared order, full agreement", async () => {
    const council = new CouncilRanker(finder(["a", "b", "c", "d"].map((id) => endpoint(id))));
    const r = await rankExample(example(), council, settings);
    assert.equal(srv.requests.length, 4);
    for (const q of srv.requests) {
      const shown = shownIds(q.prompt);
      assert.equal(shown.length, 3);
      assert.ok(!shown.includes(judgeOf(q.model)), `${q.model} was shown its own answer`);
    }
    assert.deepEqual(r.ranking.map((x) => x.model), ORDER);
    assert.equal(r.mode, "council");
    assert.equal(r.comparisons, 4);
    assert.equal(r.ranker, "council");
    // every pair is ranked by the two judges that wrote neither answer, and both agree: ±ln 5
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) if (i !== j) assert.ok(Math.abs(Math.abs(r.matrix[i][j]!) - Math.log(5)) < 1e-12, `M[${i}][${j}] = ${r.matrix[i][j]}`);
    assert.deepEqual(r.ballots?.judges.map((j) => [j.judge, j.counted, j.agreement]), [["a", 1, 1], ["b", 1, 1], ["c", 1, 1], ["d", 1, 1]]);
  });

  test("self-votes: a judge's vote about its own answer never counts (a self-preferring judge changes nothing)", async () => {
    // Shown its own answer a council-* judge would put it first; b's answer is the worst, so that would move it up.
    const council = new CouncilRanker(finder(["a", "b", "c", "d"].map((id) => endpoint(id))));
    const r = await rankExample(example(), council, settings);
    const bIdx = 1;
    // no ballot puts b above anyone: b loses every pair on every ballot that has it
    for (let j = 0; j < 4; j++) if (j !== bIdx) assert.ok(r.matrix[bIdx][j]! < 0);
    const fromB = srv.requests.find((q) => q.model === "council-b")!;
    assert.deepEqual(shownIds(fromB.prompt).sort(), ["a", "c", "d"]);
  });

  test("a judge that disagrees with everyone is reported with the lowest agreement", async () => {
    // d ranks in the order shown instead of by the shared taste
    const eps = [endpoint("a"), endpoint("b"), endpoint("c"), endpoint("d", "judge-list-first")];
    const council = new CouncilRanker(finder(eps), 3);
    const r = await rankExample(example(), council, settings);
    assert.equal(srv.requests.length, 12, "4 judges × 3 orders");
    const agree = Object.fromEntries(r.ballots!.judges.map((j) => [j.judge, j.agreement!]));
    assert.ok(agree.d < Math.min(agree.a, agree.b, agree.c), JSON.stringify(agree));
    assert.equal(r.ranking[0].model, "c");
  });

  test("a failing judge drops only its own ballot; answers from files are ranked by every judge", async () => {
    const eps = [endpoint("a"), endpoint("b"), endpoint("c"), endpoint("down", "fail")];
    const council = new CouncilRanker(finder(eps));
    const ex = example(["a", "b", "c"]);
    ex.candidates.push({ model: "down", text: "Answer by down.", meta: { endpoint: "down" } }, { model: "file", text: TEXT.d });
    const r = await rankExample(ex, council, settings);
    assert.deepEqual(r.ballots?.judges.map((j) => [j.judge, j.counted, j.dropped]), [["a", 1, 0], ["b", 1, 0], ["c", 1, 0], ["down", 0, 1]]);
    assert.ok(council.issues.some((i) => i.where === "council judge down" && /dropped: .*HTTP 500/.test(i.message)));
    assert.ok(council.issues.some((i) => /every request failed/.test(i.message)));
    // the file answer was shown to every judge that voted
    for (const q of srv.requests.filter((x) => x.model !== "fail")) assert.ok(shownIds(q.prompt).includes("d"));
    assert.deepEqual(r.ranking.slice(0, 3).map((x) => x.model), ["c", "a", "file"]);
  });

  test("samples of one model are all left out of its own view; with two models nobody can vote", async () => {
    const council = new CouncilRanker(finder([endpoint("a"), endpoint("b")]));
    const ex: BlendExample = {
      ...example([]),
      candidates: [
        { model: "a", text: TEXT.a, meta: { endpoint: "a" } },
        { model: "b#1", text: TEXT.b, meta: { endpoint: "b" } },
        { model: "b#2", text: TEXT.d },
        { model: "file", text: TEXT.c },
      ],
    };
    await rankExample(ex, council, settings);
    const fromB = srv.requests.find((q) => q.model === "council-b")!;
    assert.deepEqual(shownIds(fromB.prompt).sort(), ["a", "c"]);
    srv.reset();
    const pair = new CouncilRanker(finder([endpoint("a"), endpoint("b")]));
    const r = await rankExample(example(["a", "b"]), pair, settings);
    assert.equal(srv.requests.length, 0);
    assert.ok(r.matrix.every((row) => row.every((v) => v === null)));
    assert.ok(pair.issues.every((i) => /sees only 1 answer besides its own/.test(i.message)));
  });

  test("registry: council runs in place, defaults to Bradley–Terry, finds judges among the endpoints with the answer role", async () => {
    const entry = rankerEntry("council");
    assert.equal(entry.worker, false);
    assert.equal(entry.defaultAggregate, "bradley-terry");
    const eps = [endpoint("a"), endpoint("b"), endpoint("c"), { ...endpoint("d"), roles: ["judge" as const] }];
    const r = await rankExample(example(), await entry.create({ endpoints: eps }, {}), settings);
    assert.deepEqual(srv.requests.map((q) => q.model).sort(), ["council-a", "council-b", "council-c"]);
    assert.equal(r.ranking[0].model, "c");
    // an adapter's catalogue (VS Code's chat models) is asked first
    srv.reset();
    const catalogue = finder(["a", "b", "c", "d"].map((id) => endpoint(id)));
    await rankExample(example(), await createCouncilRanker({}, { chatModels: catalogue }), settings);
    assert.equal(srv.requests.length, 4);
    await assert.rejects(createCouncilRanker({}, {}), { name: "InputError", message: /needs the answering models/ });
  });
});
