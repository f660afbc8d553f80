import { test } from "node:test";
import assert from "node:assert/strict";
import { loadInputs } from "../../src/core/candidates/load";
import { InputError } from "../../src/core/errors";
import { tempTree } from "../helpers/tmp";

const rec = (id: string, cands: Array<[string, string]>, extra: object = {}) =>
  JSON.stringify({ id, instruction: "Q " + id, input: "", candidates: cands.map(([model, text]) => ({ model, text })), ...extra });

test("blend-set JSONL: good records load, a malformed line is reported by number and skipped", async () => {
  const t = tempTree({
    "set.jsonl": [rec("a", [["m1", "one"], ["m2", "two"]]), "{not json", rec("c", [["m1", "x"], ["m2", "y"]], { scores: { m1: 1.5, m2: 1.2 } })].join("\n") + "\n",
  });
  try {
    const r = await loadInputs([t.path("set.jsonl")]);
    assert.deepEqual(
      r.examples.map((e) => e.id),
      ["a", "c"],
    );
    assert.equal(r.badRecords, 1);
    assert.equal(r.issues.length, 1);
    assert.match(r.issues[0].where, /set\.jsonl:2$/);
    assert.match(r.issues[0].message, /malformed JSON/);
    assert.deepEqual(r.examples[1].scores, { m1: 1.5, m2: 1.2 });
  } finally {
    t.cleanup();
  }
});

test("blend-set record errors name line and field", async () => {
  const t = tempTree({
    "set.jsonl": [
      JSON.stringify({ id: "x", instruction: "q", candidates: [{ model: "m1" }] }),
      JSON.stringify({ id: "y", instruction: "q", candidates: [{ model: "m1", text: "a" }, { model: "m1", text: "b" }] }),
      JSON.stringify({ id: "z", instruction: "q" }),
      JSON.stringify({ id: "w", candidates: [{ model: "m1", text: "a" }, { model: "m2", text: "b" }], judgments: [{ a: "m1", b: "m9", winner: "a" }] }),
      JSON.stringify({ id: "v", candidates: [{ model: "m1", text: "a" }, { model: "m2", text: "b" }], scores: { m1: "high" } }),
    ].join("\n"),
  });
  try {
    const r = await loadInputs([t.path("set.jsonl")]);
    assert.equal(r.examples.length, 0);
    assert.equal(r.badRecords, 5);
    const w = r.issues.map((i) => `${i.where} ${i.message}`);
    assert.match(w[0], /:1 field "candidates\[0\]\.text" is missing/);
    assert.match(w[1], /:2 field "candidates\[1\]\.model" duplicate model name "m1"/);
    assert.match(w[2], /:3 field "candidates" is missing/);
    assert.match(w[3], /:4 field "judgments\[0\]\.b"/);
    assert.match(w[4], /:5 field "scores\["m1"\]" must be a finite number/);
  } finally {
    t.cleanup();
  }
});

test("empty answers are skipped and reported, or kept for evaluation", async () => {
  const line = rec("e", [["m1", "fine"], ["m2", "   "]], { judgments: [{ a: "m1", b: "m2", winner: "a" }] });
  const t = tempTree({ "set.jsonl": line + "\n" });
  try {
    const r = await loadInputs([t.path("set.jsonl")]);
    assert.equal(r.examples[0].candidates.length, 1);
    assert.deepEqual(r.examples[0].judgments, []);
    assert.match(r.issues[0].where, /:1 field "candidates\[1\]\.text"/);
    const kept = await loadInputs([t.path("set.jsonl")], { keepEmpty: true });
    assert.equal(kept.examples[0].candidates.length, 2);
    assert.equal(kept.examples[0].judgments?.length, 1);
  } finally {
    t.cleanup();
  }
});

test("MixInstruct JSON: cmp_results as object or string, all four verdicts", async () => {
  const cands = ["vicuna-13b", "alpaca,native", "dolly"].map((model) => ({ model, text: `answer of ${model}`, decoding_method: "top_p", scores: { bleu: 1 } }));
  const cmp = { "vicuna-13b,alpaca,native": "A is better", "vicuna-13b,dolly": "B is better", "alpaca,native,dolly": "Same good" };
  const t = tempTree({
    "mix.json": JSON.stringify([
      { id: "1", instruction: "Translate", input: "hi", output: "ref", candidates: cands, cmp_results: cmp },
      { id: "2", instruction: "Translate", input: "yo", output: "ref", candidates: cands, cmp_results: JSON.stringify({ "vicuna-13b,dolly": "Same bad" }) },
      { id: "3", instruction: "T", input: "", candidates: cands, cmp_results: { "vicuna-13b,dolly": "A wins" } },
    ]),
  });
  try {
    const r = await loadInputs([t.path("mix.json")]);
    assert.equal(r.examples.length, 2);
    assert.deepEqual(r.examples[0].judgments, [
      { a: "vicuna-13b", b: "alpaca,native", winner: "a" },
      { a: "vicuna-13b", b: "dolly", winner: "b" },
      { a: "alpaca,native", b: "dolly", winner: "tie", tieQuality: "good" },
    ]);
    assert.deepEqual(r.examples[1].judgments, [{ a: "vicuna-13b", b: "dolly", winner: "tie", tieQuality: "bad" }]);
    assert.equal(r.examples[0].input, "hi");
    assert.equal(r.badRecords, 1);
    assert.match(r.issues[0].where, /mix\.json field "\[2\]\.cmp_results\["vicuna-13b,dolly"\]"/);
    assert.match(r.issues[0].message, /unknown verdict "A wins"/);
  } finally {
    t.cleanup();
  }
});

test("malformed JSON file: error names the line", async () => {
  const t = tempTree({ "bad.json": '[\n  {"id": "a",\n   "candidates": [}\n]' });
  try {
    await assert.rejects(loadInputs([t.path("bad.json")]), (e: unknown) => e instanceof InputError && /bad\.json:3: malformed JSON/.test(e.message));
  } finally {
    t.cleanup();
  }
});

test("folder of answer files: one candidate per file, prompt.md is the prompt, bad files reported", async () => {
  const t = tempTree({
    "q/prompt.md": "What is 2+2?\n",
    "q/alpha.md": "It is 4.",
    "q/beta.txt": "Four.",
    "q/gamma.json": JSON.stringify({ text: "2+2 = 4", model: "gamma-json" }),
    "q/delta.json": JSON.stringify({ answer: "no text field" }),
    "q/empty.md": "  \n",
    "q/latin1.txt": Buffer.from([0x6f, 0x6b, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]),
    "q/notes.csv": "a,b",
  });
  try {
    const r = await loadInputs([t.path("q")]);
    assert.equal(r.examples.length, 1);
    const ex = r.examples[0];
    assert.equal(ex.instruction, "What is 2+2?");
    assert.equal(ex.id, "q");
    assert.deepEqual(
      ex.candidates.map((c) => c.model),
      ["alpha", "beta", "gamma-json"],
    );
    const issues = r.issues.map((i) => `${i.where} | ${i.message}`).join("\n");
    assert.match(issues, /delta\.json \| field "text": is missing/);
    assert.match(issues, /latin1\.txt:2 \| not valid UTF-8/);
    assert.match(issues, /empty answer from "empty" skipped/);
    assert.match(issues, /notes\.csv \| skipped: not an answer file/);
  } finally {
    t.cleanup();
  }
});

test("non-UTF-8 bytes: the error names file and line", async () => {
  const t = tempTree({ "a.md": "fine", "b.md": Buffer.from("line one\nline two\nbad \xff here", "latin1") });
  try {
    await assert.rejects(loadInputs([t.path("a.md"), t.path("b.md")]), (e: unknown) => e instanceof InputError && /b\.md:3: not valid UTF-8/.test(e.message));
  } finally {
    t.cleanup();
  }
});

test("size limit: a file over the limit is refused by name", async () => {
  const t = tempTree({ "big.md": "x".repeat(5000), "small.md": "ok" });
  try {
    await assert.rejects(loadInputs([t.path("big.md"), t.path("small.md")], { maxFileBytes: 1000 }), /big\.md: answer file is 5000 bytes, over the answer size limit of 1000 bytes \(--max-answer-bytes\)/);
  } finally {
    t.cleanup();
  }
});

test("list of answer files; duplicate names are renamed and reported", async () => {
  const t = tempTree({ "x/gpt.md": "A", "y/gpt.md": "B", "z/claude.txt": "C" });
  try {
    const r = await loadInputs([t.path("x/gpt.md"), t.path("y/gpt.md"), t.path("z/claude.txt")], { prompt: "P" });
    assert.deepEqual(
      r.examples[0].candidates.map((c) => [c.model, c.text]),
      [
        ["gpt", "A"],
        ["gpt (2)", "B"],
        ["claude", "C"],
      ],
    );
    assert.equal(r.examples[0].instruction, "P");
    assert.match(r.issues[0].message, /duplicate model name "gpt" renamed/);
  } finally {
    t.cleanup();
  }
});

test("one Markdown file with ## sections: prompt from the preamble, headings in code fences ignored", async () => {
  const md = ["# Which sort is stable?", "", "## gpt-4o", "Merge sort is stable.", "```md", "## not a section", "```", "", "## llama", "Quicksort.", "", "## empty", "", "## gpt-4o", "dup"].join("\n");
  const t = tempTree({ "answers.md": md });
  try {
    const r = await loadInputs([t.path("answers.md")]);
    const ex = r.examples[0];
    assert.equal(ex.instruction, "Which sort is stable?");
    assert.deepEqual(
      ex.candidates.map((c) => c.model),
      ["gpt-4o", "llama"],
    );
    assert.match(ex.candidates[0].text, /## not a section/);
    assert.equal(r.issues.length, 2);
    assert.match(r.issues[0].where, /answers\.md:12$/);
    assert.match(r.issues[1].message, /duplicate model name "gpt-4o"/);
  } finally {
    t.cleanup();
  }
});

test("missing input path and unsupported type are clear errors", async () => {
  await assert.rejects(loadInputs(["/no/such/file.jsonl"]), /\/no\/such\/file\.jsonl: no such file or folder/);
  const t = tempTree({ "a.csv": "x" });
  try {
    await assert.rejects(loadInputs([t.path("a.csv")]), /unsupported file type ".csv"/);
  } finally {
    t.cleanup();
  }
});
