// Streaming JSONL: lines split across chunks, CRLF, over-long lines, bytes that are not UTF-8,
// and datasets far larger than any argument list (the loader once spread them into push()).
import { test } from "node:test";
import assert from "node:assert/strict";
import { byteLines, newByteLineStats } from "../../src/core/candidates/byte-lines";
import { loadInputs, openInputs } from "../../src/core/candidates/load";
import { decodeLenient, firstInvalidByte } from "../../src/core/candidates/decode";
import { seededRandom } from "../../src/core/hash";
import { tempTree } from "../helpers/tmp";

async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    yield bytes.slice(at, at + n); // fresh memory, as the contract asks
    at += n;
  }
}

const dec = new TextDecoder();

test("byte lines: any chunking gives the same lines; CRLF and a last line without a break; each byte copied at most once", async () => {
  const text = "first line\r\nsecond\n\nfourth, a longer line that spans several chunks\nlast without newline";
  const bytes = new TextEncoder().encode(text);
  for (const sizes of [[1], [3, 7], [5, 1, 11], [bytes.length]]) {
    const stats = newByteLineStats();
    const got: Array<[number, string]> = [];
    for await (const l of byteLines(chunked(bytes, sizes), 1 << 20, stats)) {
      assert.ok(!l.tooLong);
      got.push([l.line, dec.decode(l.bytes)]);
    }
    assert.deepEqual(got, [
      [1, "first line"],
      [2, "second"],
      [3, ""],
      [4, "fourth, a longer line that spans several chunks"],
      [5, "last without newline"],
    ]);
    assert.equal(stats.bytesIn, bytes.length);
    assert.ok(stats.bytesCopied <= stats.bytesIn, `copied ${stats.bytesCopied} of ${stats.bytesIn}`);
    assert.ok(stats.maxPending <= "fourth, a longer line that spans several chunks".length);
  }
});

test("byte lines: a line over the limit is reported with its size and never held; the next lines are fine", async () => {
  const long = "x".repeat(300_000);
  const bytes = new TextEncoder().encode(`ok 1\n${long}\nok 3\n`);
  const stats = newByteLineStats();
  const got = [];
  for await (const l of byteLines(chunked(bytes, [4096]), 100_000, stats)) got.push(l.tooLong ? `${l.line}: too long (${l.length})` : `${l.line}: ${dec.decode(l.bytes)}`);
  assert.deepEqual(got, ["1: ok 1", "2: too long (300000)", "3: ok 3"]);
  assert.ok(stats.maxPending <= 100_000, String(stats.maxPending));
});

const rec = (id: string) => JSON.stringify({ id, instruction: "q", input: "", candidates: [{ model: "m1", text: `one ${id}` }, { model: "m2", text: `two ${id}` }] });

test("JSONL with bytes that are not UTF-8: only those lines are skipped, each reported with its line and column", async () => {
  const enc = new TextEncoder();
  const parts = [
    enc.encode(rec("a") + "\n"),
    enc.encode(rec("b") + "\n"),
    Uint8Array.from([...enc.encode('{"id":"c","instruction":"caf'), 0xff, ...enc.encode('"}\n')]), // 0xff never occurs in UTF-8
    enc.encode(rec("d") + "\n"),
    Uint8Array.from([...enc.encode('{"id":"e","t":"'), 0xe2, 0x82, ...enc.encode('"}\n')]), // a cut-off 3-byte sequence
    Uint8Array.from([0x80, ...enc.encode(rec("f") + "\n")]), // a lone continuation byte
    enc.encode(rec("g")),
  ];
  const t = tempTree({ "set.jsonl": Buffer.concat(parts) });
  try {
    const r = await loadInputs([t.path("set.jsonl")]);
    assert.deepEqual(r.examples.map((e) => e.id), ["a", "b", "d", "g"]);
    assert.equal(r.badRecords, 3);
    assert.deepEqual(
      r.issues.map((i) => `${i.where.replace(t.dir, "")} ${i.message}`),
      [
        "/set.jsonl:3 not valid UTF-8 (byte 0xff at column 29)",
        "/set.jsonl:5 not valid UTF-8 (byte 0xe2 at column 16)",
        "/set.jsonl:6 not valid UTF-8 (byte 0x80 at column 1)",
      ],
    );
  } finally {
    t.cleanup();
  }
});

test("a 200,000-record JSONL and JSON array load whole (no call-stack overflow), streamed with bounded line buffers", async () => {
  const n = 200_000;
  const line = (i: number) => `{"id":"r${i}","candidates":[{"model":"a","text":"x${i}"}]}`;
  const lines = Array.from({ length: n }, (_, i) => line(i));
  const t = tempTree({ "big.jsonl": lines.join("\n") + "\n{bad\n", "big.json": "[" + lines.join(",") + "]" });
  try {
    const s = await openInputs([t.path("big.jsonl")]);
    let count = 0;
    for await (const u of s) if (u.example) count++;
    assert.equal(count, n);
    assert.equal(s.lineStats.bytesIn, s.progress().total);
    assert.equal(s.progress().done, s.progress().total); // progress counts the lines handed out
    assert.ok(s.lineStats.maxPending <= line(n - 1).length, `held ${s.lineStats.maxPending} bytes of one line`);
    // Lines are views into the read chunks: only the few that straddle a chunk are copied.
    assert.ok(s.lineStats.bytesCopied < s.lineStats.bytesIn / 100, `copied ${s.lineStats.bytesCopied}`);
    const j = await loadInputs([t.path("big.jsonl"), t.path("big.json")]);
    assert.equal(j.examples.length, 2 * n);
    assert.equal(j.badRecords, 1);
  } finally {
    t.cleanup();
  }
});

test("a JSON array with a byte that is not UTF-8 in one record: that record is skipped and named, the others load", async () => {
  const enc = new TextEncoder();
  const bytes = Buffer.concat([
    enc.encode(`[\n${rec("a")},\n`),
    Uint8Array.from([...enc.encode('{"id":"b","candidates":[{"model":"m1","text":"caf'), 0xe9, ...enc.encode('"}]},\n')]), // Latin-1 é
    enc.encode(`${rec("c")}, {"id": "d", "candidates": "not an array"}\n]`),
  ]);
  const t = tempTree({ "set.json": bytes, "answer.json": Uint8Array.from([...enc.encode('{"text":"x'), 0xff, ...enc.encode('"}')]) });
  try {
    const r = await loadInputs([t.path("set.json")]);
    assert.deepEqual(r.examples.map((e) => e.id), ["a", "c"]);
    assert.equal(r.badRecords, 2);
    assert.deepEqual(
      r.issues.map((i) => `${i.where.replace(t.dir, "")}: ${i.message}`),
      ['/set.json:3 field "[1]": not valid UTF-8 (byte 0xe9)', '/set.json field "[3].candidates": must be an array'],
    );
    // An answer file (not a dataset) must be UTF-8 throughout.
    await assert.rejects(loadInputs([t.path("answer.json")]), /answer\.json:1: not valid UTF-8 \(byte 0xff at offset 10\)/);
  } finally {
    t.cleanup();
  }
});

test("the UTF-8 check agrees with TextDecoder on every kind of sequence (overlong, surrogates, above U+10FFFF, cut off)", () => {
  const fatal = new TextDecoder("utf-8", { fatal: true });
  const rnd = seededRandom(3);
  const interesting = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff];
  for (let k = 0; k < 20_000; k++) {
    const b = Uint8Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => interesting[Math.floor(rnd() * interesting.length)]);
    let valid = true;
    try {
      fatal.decode(b);
    } catch {
      valid = false;
    }
    assert.equal(firstInvalidByte(b) === b.length, valid, `bytes ${[...b].map((x) => x.toString(16)).join(" ")}`);
    const lenient = decodeLenient(b);
    assert.equal(lenient.bad.length === 0, valid);
  }
});
