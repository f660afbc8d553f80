// The extractive fuser on small hand-made answers: what it adds, where, and what it never touches.
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractiveMerge, ExtractiveFuser } from "../../src/core/fuse/engines/extractive";
import { parseBlocks, splitLines } from "../../src/core/fuse/markdown-blocks";

test("the top answer comes first, unchanged, when nothing else is supported", () => {
  const top = "Paris is the capital of France.\n\n- It lies on the Seine.";
  assert.equal(extractiveMerge([top, "Lyon has great food and old silk workshops.", "Marseille is a port city on the sea."]), top);
  assert.equal(extractiveMerge([top]), top);
});

test("a list item two answers share and the top answer lacks joins the top list in its style", () => {
  const top = "Tips:\n\n1. Drink water every day.\n2. Sleep eight hours nightly.";
  const b = "- Eat fresh vegetables with every meal.\n- Sleep eight hours nightly.";
  const c = "* Eat fresh vegetables with every meal, raw or cooked.\n* Avoid sugary drinks.";
  const fused = extractiveMerge([top, b, c]);
  assert.equal(fused, "Tips:\n\n1. Drink water every day.\n2. Sleep eight hours nightly.\n3. Eat fresh vegetables with every meal.");
});

test("an item whose subject the top answer already has is not added twice", () => {
  const top = "1. Hugh Jackman - starred in The Boy from Oz.\n2. Audra McDonald - six Tony Awards.";
  const b = "- Hugh Jackman - made his Broadway debut as Gaston in 1994.\n- Idina Menzel - Maureen in Rent.";
  const c = "- **Hugh Jackman**: Wolverine actor with Broadway roots.\n- **Idina Menzel**: Elphaba in Wicked.";
  const fused = extractiveMerge([top, b, c]);
  assert.equal((fused.match(/Hugh Jackman/g) ?? []).length, 1);
  assert.match(fused, /^3\. Idina Menzel - Maureen in Rent\.$/m);
});

test("a supported sentence joins the most similar paragraph; lead-ins ending in ':' are never added", () => {
  const top = "Water boils at 100 degrees Celsius at sea level.\n\nAltitude changes things:";
  const b = "At high altitude water boils at a lower temperature. Here is why:";
  const c = "Water boils at a lower temperature at high altitude because air pressure drops.";
  const fused = extractiveMerge([top, b, c]);
  assert.equal(fused, "Water boils at 100 degrees Celsius at sea level. At high altitude water boils at a lower temperature.\n\nAltitude changes things:");
});

test("code blocks are parsed whole, blank lines and list-like lines inside included", () => {
  const text = "Run:\n\n```python\ndef f():\n\n    - not a list\n    return 1\n```\n\n- after";
  const lines = splitLines(text);
  const blocks = parseBlocks(lines);
  assert.deepEqual(blocks.map((b) => b.kind), ["paragraph", "code", "list"]);
  const code = blocks[1];
  assert.equal(lines.slice(code.start, code.end).join("\n"), "```python\ndef f():\n\n    - not a list\n    return 1\n```");
});

test("list items keep their continuation lines and nested code", () => {
  const lines = splitLines("1. Install:\n   ```sh\n   npm i\n   ```\n2. Run it.\n   More detail.\n\nDone.");
  const [list, para] = parseBlocks(lines);
  assert.equal(list.kind, "list");
  if (list.kind !== "list") return;
  assert.deepEqual(list.items.map((i) => [i.first, i.rest]), [["Install:", ["```sh", "npm i", "```"]], ["Run it.", ["More detail."]]]);
  assert.equal(para.kind, "paragraph");
});

test("the fuser is labelled 'extractive merge' and is deterministic", async () => {
  const f = new ExtractiveFuser();
  assert.equal(f.label, "extractive merge");
  const req = { instruction: "x", input: "", ranked: [{ model: "a", text: "One two three four." }, { model: "b", text: "Five six seven eight." }] };
  assert.equal(await f.fuse(req), await f.fuse(req));
});

test("a claim is not supported by its negation or by different figures", () => {
  const top = "No. 91 = 7 × 13, so it has divisors other than 1 and itself.";
  assert.equal(extractiveMerge([top, "Yes, 91 is a prime number.", "No, 91 is not prime: it is divisible by 7 (91 / 7 = 13)."]), top);
  const tea = "Use water below boiling.";
  assert.equal(extractiveMerge([tea, "Steep green tea for 10 minutes.", "Steep green tea for 2 minutes."]), tea);
  assert.equal(
    extractiveMerge([tea, "Steep green tea for 2 minutes.", "Steep green tea for about 2 minutes, then taste."]),
    "Use water below boiling.\n\nSteep green tea for 2 minutes.",
  );
});
