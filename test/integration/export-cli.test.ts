// What the extension exports, the CLI reads: a blend of examples/binary-search made in process
// with the extension's defaults (builtin ranker, extractive fuser), exported as a blend-set
// record and blended again by `answer-blender blend --json`, gives the exported JSON item.
import "../helpers/install-fake-vscode";
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { blendExample } from "../../src/core/blend";
import { loadInputs } from "../../src/core/candidates/load";
import { ExtractiveFuser } from "../../src/core/fuse/engines/extractive";
import { createBuiltinRanker } from "../../src/core/rank/engines/builtin";
import { exportContent } from "../../src/vscode/export-blend";
import type { BlendRecord } from "../../src/protocol";
import { ROOT, runCli } from "../helpers/cli";
import { tempTree } from "../helpers/tmp";

test("a blend-set export blended again by the CLI reproduces the exported JSON: ranking, matrix, fused text", async () => {
  const loaded = await loadInputs([join(ROOT, "examples", "binary-search")]);
  const ranker = await createBuiltinRanker();
  const result = await blendExample(loaded.examples[0], ranker, new ExtractiveFuser(), { plan: "full", aggregate: "max-logits", seed: 0, topK: 3, fuseTopK: 3 });
  await ranker.dispose();
  const record: BlendRecord = { blendId: "b", createdAt: "2026-11-22T09:41:00.000Z", result, sourceLabel: "4 files" };

  const t = tempTree({ "blend.jsonl": exportContent(record, "blendset") });
  try {
    const r = runCli(["blend", t.path("blend.jsonl"), "--json", "--quiet"]);
    assert.equal(r.status, 0, r.stderr);
    const cli = JSON.parse(r.stdout) as { items: unknown[] };
    const exported = JSON.parse(exportContent(record, "json")) as { items: Array<Record<string, unknown>> };
    const { example: _example, createdAt: _createdAt, source: _source, ...item } = exported.items[0];
    assert.deepEqual(cli.items, [item]);
    assert.equal((item.ranking as Array<{ model: string }>)[0].model, "gpt-4o");
    assert.equal((item.matrix as unknown[][]).flat().filter((v) => v !== null).length, 12);
  } finally {
    t.cleanup();
  }
});
