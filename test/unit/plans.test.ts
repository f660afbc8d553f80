import { test } from "node:test";
import assert from "node:assert/strict";
import { rankExample } from "../../src/core/rank/rank-example";
import { PairCache } from "../../src/core/rank/pair-cache";
import { LengthRanker } from "../../src/core/rank/engines/length";
import type { BlendExample, PairInput, PairwiseRanker, PlanName, RunOptions } from "../../src/core/types";

/** The real length ranker, with every call and batch recorded. */
class Recording implements PairwiseRanker {
  readonly name = "length";
  readonly modelId = "length";
  readonly inner = new LengthRanker();
  calls: PairInput[] = [];
  batches = 0;
  async scorePairs(pairs: PairInput[], _o?: RunOptions): Promise<number[]> {
    this.calls.push(...pairs);
    this.batches++;
    return this.inner.scorePairs(pairs);
  }
}

function example(n: number): BlendExample {
  // Distinct lengths, shuffled, so the longest is the true best for the length ranker.
  const lens = Array.from({ length: n }, (_, i) => ((i * 7) % n) + 1);
  return { id: "ex", instruction: "q", input: "", candidates: lens.map((l, i) => ({ model: `m${i}`, text: "x".repeat(l * 10) })) };
}

const settings = (plan: PlanName, topK = 3) => ({ plan, aggregate: "max-logits" as const, seed: 7, topK });

for (const n of [1, 2, 3, 4, 5, 8, 11, 12]) {
  test(`call counts for N=${n}: full N(N−1), bubble = knockout = 2(N−1)`, async () => {
    for (const [plan, expected] of [
      ["full", n * (n - 1)],
      ["bubble", 2 * (n - 1)],
      ["knockout", 2 * (n - 1)],
    ] as const) {
      const r = new Recording();
      const res = await rankExample(example(n), r, settings(plan));
      assert.equal(r.calls.length, expected, `${plan} ranker calls`);
      assert.equal(res.comparisons, expected, `${plan} reported comparisons`);
      const filled = res.matrix.flat().filter((v) => v !== null).length;
      assert.equal(filled, expected, `${plan} matrix entries`);
      if (n > 0) assert.equal(res.ranking[0].model, `m${example(n).candidates.reduce((b, c, i, a) => (c.text.length > a[b].text.length ? i : b), 0)}`, `${plan} finds the longest`);
    }
  });
}

test("knockout runs ⌈log2 N⌉ rounds, each round's matches in one batch", async () => {
  for (const n of [2, 3, 5, 8, 11, 16]) {
    const r = new Recording();
    await rankExample(example(n), r, settings("knockout"));
    assert.equal(r.batches, Math.ceil(Math.log2(n)), `N=${n}`);
  }
});

test("every comparison is made in both orders", async () => {
  const r = new Recording();
  const res = await rankExample(example(6), r, settings("bubble"));
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) assert.equal(res.matrix[i][j] === null, res.matrix[j][i] === null);
});

test("bubble: ties go to the later candidate", async () => {
  const ex: BlendExample = { id: "t", instruction: "", input: "", candidates: ["aaa", "bbb", "ccc"].map((text, i) => ({ model: `m${i}`, text })) };
  const r = new Recording();
  const res = await rankExample(ex, r, { ...settings("bubble"), seed: 0 });
  // All equal: the last of the permutation wins; with equal scores the walk must end on it.
  const winner = res.ranking[0].candidate;
  const lastCompared = r.calls[r.calls.length - 1];
  assert.ok(lastCompared.a === ex.candidates[winner].text || lastCompared.b === ex.candidates[winner].text);
  assert.equal(res.ranking[0].rank, 1);
});

test("topk finds the true top 3 with fewer calls than full", async () => {
  const r = new Recording();
  const res = await rankExample(example(11), r, settings("topk", 3));
  const byLen = example(11)
    .candidates.map((c, i) => [c.text.length, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3)
    .map(([, i]) => i);
  assert.deepEqual(
    res.ranking.slice(0, 3).map((x) => x.candidate),
    byLen,
  );
  assert.deepEqual(
    res.ranking.slice(0, 3).map((x) => x.rank),
    [1, 2, 3],
  );
  assert.ok(r.calls.length < 110, `${r.calls.length} calls`);
  assert.equal(new Set(r.calls.map((c) => c.a + "|" + c.b)).size, r.calls.length, "no pair scored twice");
});

test("pair cache: identical texts and repeated runs are never scored twice", async () => {
  const ex: BlendExample = { id: "d", instruction: "q", input: "", candidates: ["same", "same", "other!"].map((text, i) => ({ model: `m${i}`, text })) };
  const cache = new PairCache();
  const r = new Recording();
  const first = await rankExample(ex, r, settings("full"), cache);
  assert.equal(first.comparisons, 6);
  assert.equal(r.calls.length, 3, "only the distinct ordered text pairs (same,same), (same,other), (other,same) reach the ranker");
  const events: Array<[number, number]> = [];
  const again = await rankExample(ex, r, { ...settings("full"), aggregate: "copeland" }, cache, { onProgress: (e) => events.push([e.done, e.total]) });
  assert.deepEqual(events[events.length - 1], [6, 6], "progress counts pairs answered from the cache");
  assert.equal(r.calls.length, 3, "re-ranking with another aggregator reuses every score");
  assert.equal(again.cacheHits, 6);
});

test("cancellation stops the plan between chunks", async () => {
  const ac = new AbortController();
  let seen = 0;
  const slow: PairwiseRanker = {
    name: "slow",
    modelId: "slow",
    async scorePairs(pairs) {
      seen += pairs.length;
      if (seen >= 32) ac.abort();
      return pairs.map(() => 0);
    },
  };
  await assert.rejects(rankExample(example(12), slow, settings("full"), new PairCache(), { signal: ac.signal }), { name: "AbortError" });
  assert.ok(seen < 132, `scored ${seen} of 132 before stopping`);
});

test("progress events count up to the expected total", async () => {
  const events: Array<[number, number]> = [];
  await rankExample(example(5), new Recording(), settings("full"), new PairCache(), { onProgress: (e) => events.push([e.done, e.total]) });
  assert.deepEqual(events[events.length - 1], [20, 20]);
});
