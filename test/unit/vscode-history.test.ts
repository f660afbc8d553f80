import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeMemento } from "../helpers/fake-vscode";
import { HistoryStore, HISTORY_KEY } from "../../src/vscode/history-store";
import type { BlendRecord } from "../../src/protocol";
import { blendExample } from "../../src/core/blend";
import { LengthRanker } from "../../src/core/rank/engines/length";
import { NoneFuser } from "../../src/core/fuse/engines/none";

async function record(id: string, answers: string[], issues = 0): Promise<BlendRecord> {
  const example = {
    id,
    instruction: `prompt ${id}`,
    input: "",
    candidates: answers.map((t, i) => ({ model: `m${i}`, text: t })),
    errors: Array.from({ length: issues }, (_, i) => ({ where: `endpoint e${i}`, endpoint: `e${i}`, message: "HTTP 500" })),
  };
  const result = await blendExample(example, new LengthRanker(), new NoneFuser(), { plan: "full", aggregate: "max-logits", seed: 0, topK: 3, fuseTopK: 2 });
  return { blendId: id, createdAt: new Date(0).toISOString(), sourceLabel: "2 files", result };
}

test("add keeps the newest first, survives a new store over the same memento, and is bounded", async () => {
  const memento = new FakeMemento();
  const store = new HistoryStore(memento, 3);
  for (const id of ["a", "b", "c", "d"]) await store.add(await record(id, ["short", "a longer answer"]));
  assert.deepEqual(store.list().map((r) => r.blendId), ["d", "c", "b"]);
  const again = new HistoryStore(memento, 3);
  assert.deepEqual(again.list().map((r) => r.blendId), ["d", "c", "b"]);
  assert.equal(again.get("c")?.result.fused?.text, "a longer answer", "full records: reopening needs no recompute");
  assert.equal(again.latest()?.blendId, "d");
});

test("a record with an existing id replaces it; update keeps the position", async () => {
  const store = new HistoryStore(new FakeMemento());
  await store.add(await record("a", ["x", "yy"]));
  await store.add(await record("b", ["x", "yy"]));
  const changed = await record("a", ["a much longer answer", "z"]);
  await store.update(changed);
  assert.deepEqual(store.list().map((r) => r.blendId), ["b", "a"]);
  assert.equal(store.get("a")?.result.top.text, "a much longer answer");
  await store.add(changed);
  assert.deepEqual(store.list().map((r) => r.blendId), ["a", "b"]);
});

test("delete and clear, with change notifications", async () => {
  const store = new HistoryStore(new FakeMemento());
  let changes = 0;
  store.onDidChange(() => changes++);
  await store.add(await record("a", ["x", "yy"]));
  await store.add(await record("b", ["x", "yy"]));
  assert.equal(await store.delete("a"), true);
  assert.equal(await store.delete("nope"), false);
  assert.deepEqual(store.list().map((r) => r.blendId), ["b"]);
  await store.clear();
  assert.deepEqual(store.list(), []);
  assert.equal(changes, 4);
});

test("junk in storage is skipped", async () => {
  const memento = new FakeMemento();
  const store = new HistoryStore(memento);
  await store.add(await record("p", ["one", "three", "four"], 1));
  await memento.update(HISTORY_KEY, [{ blendId: 3 }, "junk", ...(memento.get<unknown[]>(HISTORY_KEY) ?? [])]);
  assert.deepEqual(store.list().map((x) => x.blendId), ["p"]);
});

test("the stored history is also bounded in size: the oldest big blends go first, the newest always stays", async () => {
  const store = new HistoryStore(new FakeMemento(), 30, 6_000);
  const big = "x".repeat(1_500);
  for (const id of ["a", "b", "c"]) await store.add(await record(id, [big, big + "y"]));
  const ids = store.list().map((r) => r.blendId);
  assert.equal(ids[0], "c");
  assert.ok(ids.length < 3, `kept ${ids.join(",")}`);
  const tiny = new HistoryStore(new FakeMemento(), 30, 10);
  await tiny.add(await record("only", [big, big + "y"]));
  assert.deepEqual(tiny.list().map((r) => r.blendId), ["only"]);
});
