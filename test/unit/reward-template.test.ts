import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChatTemplate, pyStrip } from "../../src/core/rank/engines/reward/chat-template";
import { ConversationEncoder } from "../../src/core/rank/engines/reward/conversation";
import { loadRewardTokenizer } from "../../src/core/rank/engines/reward/tokenizer";

const FIXTURE = join(__dirname, "../fixtures/tiny-reward");
interface RefItem { prompt: string; answer: string; text: string; input_ids: number[]; score: number }
const reference = JSON.parse(readFileSync(join(FIXTURE, "reference.json"), "utf8")) as { maxTokens: number; items: RefItem[]; special_ids: Record<string, number> };

async function encoder(dir = FIXTURE): Promise<ConversationEncoder> {
  const tok = await loadRewardTokenizer(dir);
  return new ConversationEncoder(tok.tokenizer, tok.template, reference.maxTokens);
}

test("a multi-line prompt and answer: the exact text of the model's chat template and its token ids", async () => {
  const enc = await encoder();
  const item = reference.items[0];
  const text = enc.text(item.prompt, item.answer);
  assert.equal(
    text,
    "<|im_start|>user\nExplain binary search.\nKeep it short:\n  - one sentence\n  - no code<|im_end|>\n" +
      "<|im_start|>assistant\n<think>\n\n</think>\n\nBinary search halves the range.\n\nCheck the middle; go left or right.<|im_end|>\n",
  );
  // The ids come from the fixture's own Python BPE (byte_bpe.py), not from transformers.js.
  const ids = enc.ids(item.prompt, item.answer);
  assert.deepEqual(ids, item.input_ids);
  const s = reference.special_ids;
  assert.deepEqual([ids[0], ids[ids.length - 2]], [s["<|im_start|>"], s["<|im_end|>"]]);
  assert.equal(ids.filter((i) => i === s["<think>"]).length, 1, "<think> is one added token");
});

test("every reference conversation renders as Python's jinja2 renders it and tokenizes to the Python ids", async () => {
  const enc = await encoder();
  for (const [i, item] of reference.items.entries()) {
    assert.equal(enc.text(item.prompt, item.answer), item.text, `item ${i} text`);
    assert.deepEqual(enc.ids(item.prompt, item.answer), item.input_ids, `item ${i} ids`);
  }
});

test("strip/lstrip/rstrip with an argument strip only those characters, as in Python (an answer's leading spaces stay)", async () => {
  const enc = await encoder();
  const item = reference.items.find((it) => it.answer === "  Bonjour  \n");
  assert.ok(item);
  assert.ok(enc.text(item.prompt, item.answer).includes("</think>\n\n  Bonjour  \n<|im_end|>"));
  assert.equal(pyStrip("\n\n  x \n", "\n", "left"), "  x \n");
  assert.equal(pyStrip("\n\n  x \n", "\n", "right"), "\n\n  x ");
  assert.equal(pyStrip("xyhixy", "xy", "both"), "hi");
  assert.equal(pyStrip("  hi \t", null, "both"), "hi");
  const t = new ChatTemplate("{{ messages[0].content.lstrip('\\n') }}|{{ messages[0].content.strip() }}|{{ messages[0].content.rstrip('x') }}");
  assert.equal(t.render([{ role: "user", content: "\n  ax" }]), "  ax|ax|\n  a");
});

test("a chat template kept in chat_template.jinja (newer transformers save it there) is the one used", async () => {
  const dir = mkdtempSync(join(tmpdir(), "reward-jinja-"));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    const cfgPath = join(dir, "tokenizer_config.json");
    const cfg = JSON.parse(readFileSync(cfgPath, "utf8")) as Record<string, unknown>;
    writeFileSync(join(dir, "chat_template.jinja"), cfg.chat_template as string);
    delete cfg.chat_template;
    writeFileSync(cfgPath, JSON.stringify(cfg));
    const enc = await encoder(dir);
    for (const item of reference.items) assert.deepEqual(enc.ids(item.prompt, item.answer), item.input_ids);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a template that writes the BOS token: it is dropped and the tokenizer's own BOS comes first, once", async () => {
  const dir = mkdtempSync(join(tmpdir(), "reward-bos-"));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    const cfgPath = join(dir, "tokenizer_config.json");
    const cfg = JSON.parse(readFileSync(cfgPath, "utf8")) as Record<string, unknown>;
    cfg.bos_token = "<|endoftext|>";
    cfg.chat_template = "{{- bos_token }}{%- for m in messages %}{{- '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}{%- endfor %}";
    writeFileSync(cfgPath, JSON.stringify(cfg));
    // A Llama-style post-processor: BOS before every sequence.
    const tjPath = join(dir, "tokenizer.json");
    const tj = JSON.parse(readFileSync(tjPath, "utf8")) as Record<string, unknown>;
    const bos = reference.special_ids["<|endoftext|>"];
    tj.post_processor = {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "<|endoftext|>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
      pair: [{ SpecialToken: { id: "<|endoftext|>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { Sequence: { id: "B", type_id: 1 } }],
      special_tokens: { "<|endoftext|>": { id: "<|endoftext|>", ids: [bos], tokens: ["<|endoftext|>"] } },
    };
    writeFileSync(tjPath, JSON.stringify(tj));
    const enc = await encoder(dir);
    assert.ok(enc.text("Hi", "Yes").startsWith("<|im_start|>user\nHi"));
    const ids = enc.ids("Hi", "Yes");
    assert.equal(ids[0], bos);
    assert.equal(ids.filter((i) => i === bos).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
