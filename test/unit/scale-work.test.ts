// Scale without timing: the work per record (ranker calls, pair-cache operations, bytes read
// and copied) must not grow with the number of records before it, and the cache stays bounded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openInputs } from "../../src/core/candidates/load";
import { BoundedCache } from "../../src/core/bounded-cache";
import { evaluateInputs } from "../../src/core/eval/evaluate-inputs";
import { LengthRanker } from "../../src/core/rank/engines/length";
import { PairCache } from "../../src/core/rank/pair-cache";
import { DEFAULT_RANK_SETTINGS } from "../../src/core/rank/rank-example";
import type { PairInput, PairwiseRanker } from "../../src/core/types";
import { seededRandom } from "../../src/core/hash";
import { tempTree } from "../helpers/tmp";

class CountingRanker implements PairwiseRanker {
  readonly name = "length";
  readonly modelId = "length";
  pairs = 0;
  private readonly inner = new LengthRanker();
  scorePairs(pairs: PairInput[]): Promise<number[]> {
    this.pairs += pairs.length;
    return this.inner.scorePairs(pairs);
  }
}

function dataset(records: number): string {
  const rnd = seededRandom(7);
  const lines: string[] = [];
  for (let i = 0; i < records; i++) {
    const models = ["a", "b", "c", "d"];
    lines.push(
      JSON.stringify({
        id: `r${i}`,
        instruction: `question ${i}`,
        candidates: models.map((model) => ({ model, text: `${model} ${"word ".repeat(1 + Math.floor(rnd() * 9))}${i}` })),
        scores: Object.fromEntries(models.map((m) => [m, Math.floor(rnd() * 10)])),
      }),
    );
  }
  return lines.join("\n") + "\n";
}

async function workPerRecord(records: number) {
  const t = tempTree({ "set.jsonl": dataset(records) });
  try {
    const input = await openInputs([t.path("set.jsonl")]);
    const ranker = new CountingRanker();
    const cache = new PairCache(500); // far fewer entries than pairs: it evicts all the time
    let maxSize = 0;
    const r = await evaluateInputs(input, ranker, DEFAULT_RANK_SETTINGS, { tieMargin: 0.1, cache, onExample: () => (maxSize = Math.max(maxSize, cache.size)) });
    assert.equal(r.summary.examples, records);
    return {
      calls: ranker.pairs / records,
      cacheOps: cache.operations / records,
      maxSize,
      copied: input.lineStats.bytesCopied / input.lineStats.bytesIn,
    };
  } finally {
    t.cleanup();
  }
}

test("eval over 1,000 and 16,000 records: the same ranker calls and cache operations per record; the cache never exceeds its bound", async () => {
  const small = await workPerRecord(1_000);
  const large = await workPerRecord(16_000);
  assert.equal(small.calls, 12); // 4 answers, every ordered pair
  assert.equal(large.calls, 12);
  assert.ok(Math.abs(large.cacheOps / small.cacheOps - 1) < 0.02, `cache operations per record ${small.cacheOps} → ${large.cacheOps}`);
  assert.ok(large.cacheOps < 12 * 6, `${large.cacheOps} cache operations per record`);
  assert.ok(small.maxSize <= 500 && large.maxSize <= 500, `cache held ${large.maxSize}`);
  assert.ok(large.copied < 0.01, `copied ${large.copied} of the bytes read`);
});

test("bounded cache: O(1) operations per insert however many go through, at most its capacity held, entries in use survive", () => {
  const c = new BoundedCache<number, number>(1_000);
  const opsAfter = (n: number, from: number) => {
    const before = c.operations;
    for (let i = from; i < from + n; i++) c.set(i, i);
    return (c.operations - before) / n;
  };
  const early = opsAfter(10_000, 0);
  const late = opsAfter(100_000, 10_000);
  assert.ok(late <= 4 && Math.abs(late - early) < 0.01, `${early} → ${late} operations per insert`);
  assert.ok(c.size <= 1_000);
  // A key read at least once per half-capacity inserts is never evicted.
  c.set(-1, 42);
  for (let i = 0; i < 10_000; i++) {
    c.set(1_000_000 + i, i);
    if (i % 400 === 0) assert.equal(c.get(-1), 42, `evicted after ${i} inserts`);
  }
  // A key never read again is gone after one capacity of inserts.
  c.set(-2, 7);
  for (let i = 0; i < 1_000; i++) c.set(2_000_000 + i, i);
  assert.equal(c.get(-2), undefined);
});
