// The TypeScript features and the shipped ONNX model must reproduce what the Python trainer
// computed (models/builtin/parity.json is written by models/builtin/train/train.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Featurizer, fnv1a, cpLength, countSub, tokens, asciiLower } from "../../src/core/rank/engines/builtin/features";
import { loadFeatureSpec } from "../../src/core/rank/engines/builtin/spec";
import { createBuiltinRanker, defaultBuiltinModelDir } from "../../src/core/rank/engines/builtin";

interface ParityItem {
  prompt: string;
  text: string;
  dense: number[];
  sparse: Array<[number, number]>;
  score: number;
}

const dir = defaultBuiltinModelDir();
const parity = JSON.parse(readFileSync(join(dir, "parity.json"), "utf8")) as { tolerance: number; items: ParityItem[] };
const featurizer = new Featurizer(loadFeatureSpec(dir));

test("helpers agree with Python on code points, hashing and tokens", () => {
  assert.equal(fnv1a(""), 0x811c9dc5);
  assert.equal(fnv1a("a"), 0xe40c292c);
  assert.equal(cpLength("a😀b"), 3);
  assert.equal(countSub("****", "**"), 2);
  assert.deepEqual(tokens(asciiLower("Don't STOP, café 日本")), ["don", "t", "stop", "café", "日", "本"]);
});

test("features match the Python trainer on every parity input", () => {
  assert.ok(parity.items.length >= 8);
  for (const [n, it] of parity.items.entries()) {
    const { dense, sparse } = featurizer.features(featurizer.promptInfo(it.prompt), it.text);
    assert.equal(dense.length, it.dense.length, `item ${n}: dense length`);
    dense.forEach((v, i) => assert.ok(Math.abs(v - it.dense[i]) <= parity.tolerance, `item ${n}: dense[${i}] ts=${v} py=${it.dense[i]}`));
    assert.deepEqual(sparse.map(([i]) => i), it.sparse.map(([i]) => i), `item ${n}: sparse indices`);
    sparse.forEach(([, v], k) => assert.ok(Math.abs(v - it.sparse[k][1]) <= parity.tolerance, `item ${n}: sparse value ${k}`));
  }
});

test("the ONNX model gives the trainer's scores", async () => {
  const ranker = await createBuiltinRanker({});
  try {
    const scores = await ranker.scoreAnswers(parity.items.map((it) => ({ source: it.prompt, text: it.text })));
    scores.forEach((s, n) => assert.ok(Math.abs(s - parity.items[n].score) <= parity.tolerance, `item ${n}: onnx=${s} python=${parity.items[n].score}`));
  } finally {
    await ranker.dispose();
  }
});
