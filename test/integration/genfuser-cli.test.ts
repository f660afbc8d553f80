// The fusers through the built CLI (engines in the inference worker) and genfuser from a local stand-in hub.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, ROOT } from "../helpers/cli";
import { tempTree } from "../helpers/tmp";
import { createGenFuser } from "../../src/core/fuse/engines/genfuser/genfuser";
import type { ProgressEvent } from "../../src/core/types";
import { EngineFactory } from "../../src/core/engines";
import { isAbortError } from "../../src/core/errors";
import type { FuseOutput } from "../../src/core/fuse/fuser";

const FIXTURE = join(ROOT, "test/fixtures/tiny-genfuser");
const ref = JSON.parse(readFileSync(join(FIXTURE, "reference.json"), "utf8")) as { case: { instruction: string; candidates: string[] }; max_new_tokens: number };
const models = ["m-a", "m-b", "m-c"];
const record = { id: "health", instruction: ref.case.instruction, input: "", candidates: ref.case.candidates.map((text, i) => ({ model: models[i], text })) };
const tree = tempTree({ "set.jsonl": JSON.stringify(record) + "\n" });

after(() => tree.cleanup());

const fusedText = (o: string | FuseOutput) => (typeof o === "string" ? o : o.text);

interface BlendJson {
  items: { ranking: { model: string }[]; top: { text: string }; fused: { fuser: string; label: string; topK: number; text: string; sources: string[]; unchanged?: boolean } | null }[];
}

test("blend --fuser genfuser --fuser-model runs the fixture in the worker and matches the in-process engine", async () => {
  const r = runCli(["blend", tree.path("set.jsonl"), "--ranker", "length", "--fuser", "genfuser", "--fuser-model", "test/fixtures/tiny-genfuser", "--num-beams", "1", "--max-new-tokens", String(ref.max_new_tokens), "--top-k", "3", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const item = (JSON.parse(r.stdout) as BlendJson).items[0];
  assert.ok(item.fused);
  assert.equal(item.fused.fuser, "genfuser");
  assert.equal(item.fused.topK, 3);
  assert.deepEqual(item.fused.sources, item.ranking.map((x) => x.model));
  const local = await createGenFuser({ model: FIXTURE, numBeams: 1, maxNewTokens: ref.max_new_tokens, threads: 1 });
  const byModel = new Map(record.candidates.map((c) => [c.model, c]));
  const expected = await local.fuse({ instruction: record.instruction, input: "", ranked: item.fused.sources.map((m) => byModel.get(m)!) });
  await local.dispose();
  assert.equal(item.fused.text, expected);
  assert.ok(expected.length > 0);
});

test("blend --fuser genfuser streams the fused answer in text mode (beam search 4 by default)", () => {
  const r = runCli(["blend", tree.path("set.jsonl"), "--ranker", "length", "--fuser", "genfuser", "--fuser-model", "test/fixtures/tiny-genfuser", "--quiet"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /-- fused answer \(GenFuser, streaming\)/);
  assert.match(r.stdout, /-- top-ranked original answer/);
});

test("blend --fuser extractive --top-k 3 labels the merge and keeps the top answer", () => {
  const r = runCli(["blend", join(ROOT, "examples/blend-set.jsonl"), "--ranker", "length", "--fuser", "extractive", "--top-k", "3", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  for (const item of (JSON.parse(r.stdout) as BlendJson).items) {
    assert.ok(item.fused);
    assert.equal(item.fused.fuser, "extractive");
    assert.equal(item.fused.label, "extractive merge");
    // "From": the top answer and only the answers whose text the merge took.
    assert.equal(item.fused.sources[0], item.ranking[0].model);
    assert.ok(item.fused.sources.every((m) => item.ranking.slice(0, 3).some((r) => r.model === m)));
    assert.equal(item.fused.unchanged === true, item.fused.text === item.top.text);
  }
});

test("in the inference worker, tokens stream to the host and cancelling stops the generation", async () => {
  const factory = new EngineFactory();
  try {
    const fuser = await factory.fuser("genfuser", { model: FIXTURE, numBeams: 1, maxNewTokens: ref.max_new_tokens, threads: 1 });
    const req = { instruction: record.instruction, input: "", ranked: record.candidates };
    const pieces: string[] = [];
    const full = fusedText(await fuser.fuse(req, { onToken: (t) => pieces.push(t) }));
    assert.ok(pieces.length > 3);
    assert.equal(pieces.join(""), full);
    const ac = new AbortController();
    let seen = 0;
    await assert.rejects(fuser.fuse(req, { signal: ac.signal, onToken: () => { if (++seen === 2) ac.abort(); } }), (e) => isAbortError(e));
    assert.equal(fusedText(await fuser.fuse(req)), full, "the worker still serves requests after a cancel");
  } finally {
    await factory.close();
  }
});

test("genfuser without a model says how to get one", () => {
  const r = runCli(["blend", tree.path("set.jsonl"), "--ranker", "length", "--fuser", "genfuser", "--json"]);
  const out = r.stdout + r.stderr;
  assert.match(out, /models\/genfuser\/README\.md/);
});

test("a hub id is downloaded once into the cache with progress, then generates like the local folder", async (t) => {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const m = /^\/test-org\/tiny-genfuser\/resolve\/main\/(.+)$/.exec(decodeURIComponent(req.url ?? ""));
    const file = m ? join(FIXTURE, m[1]) : "";
    requests.push(m?.[1] ?? String(req.url));
    if (!m || m[1].includes("..") || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { "content-length": String(body.length) }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  process.env.ANSWER_BLENDER_HUB_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.after(() => {
    server.close();
    delete process.env.ANSWER_BLENDER_HUB_URL;
  });
  const cacheDir = tree.path("cache");
  const events: ProgressEvent[] = [];
  const f = await createGenFuser({ model: "test-org/tiny-genfuser", cacheDir, numBeams: 1, maxNewTokens: 8, threads: 1 }, { onProgress: (e) => events.push(e) });
  assert.ok(events.some((e) => e.stage === "download" && e.total > 1_000_000), "download progress with the byte total");
  for (const file of ["config.json", "tokenizer.json", "onnx/encoder_model.onnx", "onnx/decoder_model_merged.onnx"]) assert.ok(requests.includes(file), file);
  const local = await createGenFuser({ model: FIXTURE, numBeams: 1, maxNewTokens: 8, threads: 1 });
  const req = { instruction: record.instruction, input: "", ranked: record.candidates };
  assert.equal(await f.fuse(req), await local.fuse(req));
  await Promise.all([f.dispose(), local.dispose()]);
  const before = requests.length;
  const again = await createGenFuser({ model: "test-org/tiny-genfuser", cacheDir, numBeams: 1, maxNewTokens: 8, threads: 1, allowDownload: false });
  await again.dispose();
  assert.equal(requests.length, before, "the second load is served from the cache");
});

before(() => {
  assert.ok(existsSync(join(ROOT, "dist/cli.js")), "run npm run build first");
});
