// Model folders that do not fit their model: PairRM without a manifest (limits from config.json),
// a manifest whose lengths exceed the positions, GenFuser with another model's tokenizer.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, runCli } from "../helpers/cli";
import { tempTree } from "../helpers/tmp";

const PAIRRM = join(ROOT, "test/fixtures/tiny-pairrm");
const GENFUSER = join(ROOT, "test/fixtures/tiny-genfuser");
const work = mkdtempSync(join(tmpdir(), "ab-models-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** A copy of a fixture folder with some files changed (path → new content, or null to delete). */
function variant(from: string, name: string, change: Record<string, string | null>): string {
  const dir = join(work, name);
  cpSync(from, dir, { recursive: true });
  for (const [file, content] of Object.entries(change)) {
    if (content === null) rmSync(join(dir, file));
    else writeFileSync(join(dir, file), content);
  }
  return dir;
}

const json = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
// Answers long enough that PairRM's 2,048-token layout would run far past the tiny model's 256 positions.
const long = (w: string, n: number) => Array.from({ length: n }, (_, i) => `${w} ${i}`).join(" ");
const set = JSON.stringify({ id: "long", instruction: long("explain", 120), input: "", candidates: [{ model: "a", text: long("alpha", 300) }, { model: "b", text: long("beta", 200) }, { model: "c", text: "short." }] });
const input = tempTree({ "set.jsonl": set + "\n" });
after(() => input.cleanup());

test("PairRM folder without manifest.json: lengths from config.json's 256 positions, said on stderr, and long inputs rank", () => {
  const dir = variant(PAIRRM, "pairrm-no-manifest", { "manifest.json": null });
  const r = runCli(["rank", input.path("set.jsonl"), "--ranker", "pairrm", "--model", dir, "--threads", "1", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { items: Array<{ comparisons: number; matrix: Array<Array<number | null>> }> };
  assert.equal(doc.items[0].comparisons, 6);
  assert.ok(doc.items[0].matrix.flat().every((v) => v === null || Number.isFinite(v)));
  assert.match(r.stderr, /has no manifest\.json: input lengths taken from .*config\.json \(max_position_embeddings 256\): source 153, candidates 51 tokens each/);
});

test("PairRM manifest lengths that exceed config.json's positions: refused up front with both numbers", () => {
  const manifest = json(join(PAIRRM, "manifest.json"));
  const dir = variant(PAIRRM, "pairrm-too-long", { "manifest.json": JSON.stringify({ ...manifest, lengths: { source: 1224, candidate: 412 } }) });
  const r = runCli(["rank", input.path("set.jsonl"), "--ranker", "pairrm", "--model", dir, "--threads", "1"]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^answer-blender: .*manifest\.json: lengths source 1224 \+ 2 × candidate 412 = 2048 tokens, but .*config\.json says the model has 256 positions/);
  assert.doesNotMatch(r.stderr, /Gather|\n\s+at /);
  // Relative-position backbones (DeBERTa-v3, PairRM's own) have no such limit: the check stays out of their way.
  const config = json(join(PAIRRM, "config.json"));
  const rel = variant(PAIRRM, "pairrm-relative", { "manifest.json": null, "config.json": JSON.stringify({ ...config, position_biased_input: false, max_position_embeddings: 512 }) });
  const small = tempTree({ "s.jsonl": JSON.stringify({ id: "s", instruction: "q", candidates: [{ model: "a", text: "one" }, { model: "b", text: "two" }] }) + "\n" });
  try {
    const ok = runCli(["rank", small.path("s.jsonl"), "--ranker", "pairrm", "--model", rel, "--threads", "1", "--json"]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stderr, /PairRM's own input lengths are used \(source 1224, candidates 412 tokens each\)/);
  } finally {
    small.cleanup();
  }
});

test("GenFuser folder whose tokenizer is not the model's: refused with what does not match, exit 1", () => {
  const tokenizer = json(join(GENFUSER, "tokenizer.json")) as { model: { vocab: Array<[string, number]> } };
  const config = json(join(GENFUSER, "config.json"));
  const bigger = { ...tokenizer, model: { ...tokenizer.model, vocab: [...tokenizer.model.vocab, ...Array.from({ length: 200 }, (_, i): [string, number] => [`▁extra${i}`, -20])] } };
  const cases: Array<[string, Record<string, string | null>, RegExp]> = [
    ["genfuser-bigger-vocab", { "tokenizer.json": JSON.stringify(bigger) }, /it has token ids up to 1299, but config\.json vocab_size is 1100/],
    ["genfuser-eos", { "config.json": JSON.stringify({ ...config, eos_token_id: 2 }) }, /its <\/s> is token 1, but config\.json eos_token_id is 2/],
    // Another model's tokenizer altogether (PairRM's DeBERTa one).
    ["genfuser-foreign", { "tokenizer.json": readFileSync(join(PAIRRM, "tokenizer.json"), "utf8"), "tokenizer_config.json": readFileSync(join(PAIRRM, "tokenizer_config.json"), "utf8") }, /it has 441 tokens, but config\.json vocab_size is 1100/],
  ];
  const blend = tempTree({ "s.jsonl": JSON.stringify({ id: "s", instruction: "q", candidates: [{ model: "a", text: "one answer" }, { model: "b", text: "another answer" }] }) + "\n" });
  try {
    for (const [name, change, why] of cases) {
      const dir = variant(GENFUSER, name, change);
      const r = runCli(["blend", blend.path("s.jsonl"), "--ranker", "length", "--fuser", "genfuser", "--fuser-model", dir, "--num-beams", "1", "--max-new-tokens", "4"]);
      assert.equal(r.status, 1, `${name}: ${r.stderr}`);
      assert.match(r.stderr, /the tokenizer does not belong to this model/, name);
      assert.match(r.stderr, why, name);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
  } finally {
    blend.cleanup();
  }
});
