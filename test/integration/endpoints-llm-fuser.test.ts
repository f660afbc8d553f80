import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { LlmFuser } from "../../src/core/fuse/engines/llm";
import { fuserEntry } from "../../src/core/registry";
import { blendExample } from "../../src/core/blend";
import { LengthRanker } from "../../src/core/rank/engines/length";
import { DEFAULT_RANK_SETTINGS } from "../../src/core/rank/rank-example";
import type { FuseRequest } from "../../src/core/fuse/fuser";
import type { EndpointConfig } from "../../src/core/engine-options";
import { endpointModel, startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";

const FUSED = "Paris is the capital of France; it has been since the 10th century.";
let srv: OpenAiTestServer;
const ep = (model: string): EndpointConfig => ({ id: "fuser", baseUrl: srv.url, model });
const req: FuseRequest = {
  instruction: "What is the capital of France?",
  input: "",
  ranked: [
    { model: "m1", text: "Paris." },
    { model: "m2", text: "The capital is Paris, since 987." },
    { model: "m3", text: "Lyon." },
  ],
};

before(async () => {
  srv = await startOpenAiServer({ answers: { "fuse-model": FUSED } });
});
after(() => srv.close());
beforeEach(() => srv.reset());

test("streamed: tokens reach onToken and add up to the fused answer; prompt holds the top K in rank order", async () => {
  const tokens: string[] = [];
  const text = await new LlmFuser(endpointModel(ep("fuse-model"))).fuse(req, { onToken: (t) => tokens.push(t) });
  assert.equal(text, FUSED);
  assert.ok(tokens.length > 5);
  assert.equal(tokens.join(""), FUSED);
  const q = srv.requests[0];
  assert.equal(q.stream, true);
  const p = q.prompt;
  assert.ok(p.includes("What is the capital of France?"));
  const at = req.ranked.map((c, i) => p.indexOf(`[Candidate ${i + 1}${i === 0 ? " (ranked best)" : ""}]\n${c.text}\n`));
  assert.ok(at[0] > 0 && at[0] < at[1] && at[1] < at[2], `positions ${at}`);
});

test("not streamed when nobody listens for tokens", async () => {
  const text = await new LlmFuser(endpointModel(ep("fuse-model"))).fuse(req);
  assert.equal(text, FUSED);
  assert.equal(srv.requests[0].stream, false);
});

test("through blendExample: fused text next to the top answer; a failing endpoint becomes an issue, the ranking stays", async () => {
  const settings = { ...DEFAULT_RANK_SETTINGS, fuseTopK: 2 };
  const example = { id: "e", instruction: req.instruction, input: "", candidates: req.ranked };
  const tokens: string[] = [];
  const ok = await blendExample(example, new LengthRanker(), new LlmFuser(endpointModel(ep("fuse-model"))), settings, { onToken: (t) => tokens.push(t) });
  assert.equal(ok.fused?.fuser, "llm");
  assert.equal(ok.fused?.text, FUSED);
  assert.deepEqual(ok.fused?.sources, ["m2", "m1"]);
  assert.equal(ok.top.model, "m2");
  assert.equal(tokens.join(""), FUSED);
  const bad = await blendExample(example, new LengthRanker(), new LlmFuser(endpointModel(ep("fail"))), settings);
  assert.equal(bad.fused, null);
  assert.equal(bad.top.model, "m2");
  assert.match(bad.issues[0].message, /HTTP 500/);
});

test("an empty fused answer is an error, not an empty result", async () => {
  await assert.rejects(new LlmFuser(endpointModel(ep("empty"))).fuse(req), /returned an empty fused answer/);
});

test("cancelling stops the generation", async () => {
  srv.config.chunkDelayMs = 20;
  try {
    const ac = new AbortController();
    const tokens: string[] = [];
    const run = new LlmFuser(endpointModel(ep("fuse-model"))).fuse(req, {
      signal: ac.signal,
      onToken: (t) => {
        tokens.push(t);
        if (tokens.length === 2) ac.abort();
      },
    });
    await assert.rejects(run, { name: "AbortError" });
    await srv.waitForInFlight(0, 1_000);
    assert.ok(tokens.length < 5, `tokens after abort: ${tokens.length}`);
  } finally {
    srv.config.chunkDelayMs = 0;
  }
});

test("llm is registered in place and takes its endpoint from the options", async () => {
  const entry = fuserEntry("llm");
  assert.equal(entry.worker, false);
  const f = await entry.create({ endpoints: [ep("fuse-model")], endpoint: "fuser" }, {});
  assert.equal(f.name, "llm");
  assert.equal(f.label, "LLM fusion (fuser)");
  assert.equal(await f.fuse(req), FUSED);
});
