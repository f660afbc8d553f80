// The extractive fuser on small hand-made answers: what it adds, where, and what it never touches.
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractiveFusion, extractiveMerge, ExtractiveFuser } from "../../src/core/fuse/engines/extractive";
import { fusedAnswer } from "../../src/core/blend";
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
  const b = "At 3000 metres water boils at about 90 degrees. Here is why:";
  const c = "Water boils at about 90 degrees at 3000 metres because air pressure drops.";
  const fused = extractiveMerge([top, b, c]);
  assert.equal(fused, "Water boils at 100 degrees Celsius at sea level. At 3000 metres water boils at about 90 degrees.\n\nAltitude changes things:");
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
  assert.deepEqual(await f.fuse(req), await f.fuse(req));
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

// ---- honest fusion: only content the top answer lacks, credited to the answers it came from ----

const SEARCH_PROMPT = "Write a Python function that performs binary search on a sorted list. Explain its time complexity.";
const SEARCH_TOP = [
  "```python",
  "def binary_search(items, target):",
  "    lo, hi = 0, len(items) - 1",
  "    while lo <= hi:",
  "        mid = (lo + hi) // 2",
  "        if items[mid] == target:",
  "            return mid",
  "        if items[mid] < target:",
  "            lo = mid + 1",
  "        else:",
  "            hi = mid - 1",
  "    return -1",
  "```",
  "",
  "- Each step compares the middle element with the target and discards the half that cannot contain it.",
  "",
  "Time complexity: O(log n), because every comparison halves the remaining range.",
].join("\n");

test("a generic sentence two answers share is not an addition: the top answer stays as is, credited alone", async () => {
  const b = "Sure! Binary search is a classic algorithm. It runs in O(log n) time.";
  const c = "Binary search is a classic and widely used algorithm for sorted lists.";
  const f = extractiveFusion([SEARCH_TOP, b, c], SEARCH_PROMPT);
  assert.equal(f.text, SEARCH_TOP, "answer #1 exactly, not a fusion");
  assert.deepEqual(f.added, []);
  assert.deepEqual(f.used, [0]);
  const fuser = new ExtractiveFuser();
  const req = { instruction: SEARCH_PROMPT, input: "", ranked: [SEARCH_TOP, b, c].map((text, i) => ({ model: `m${i}`, text })) };
  const fused = fusedAnswer(fuser, 3, req.ranked, await fuser.fuse(req));
  assert.deepEqual([fused.unchanged, fused.sources], [true, ["m0"]]);
});

test("a restatement of what the top answer says is not added, even in other words", () => {
  const top = "Use `git reset --soft HEAD~1`.\n\n- `--soft` keeps the changes **staged**, as they were before you committed.";
  const b = "Run `git reset HEAD~1`. If you want them to stay staged, use `git reset --soft HEAD~1` instead.";
  const c = "If you want the changes to stay staged, run `git reset --soft HEAD~1` instead.";
  assert.equal(extractiveMerge([top, b, c], "How do I undo my last git commit but keep the changes?"), top);
});

test("content the top answer lacks — a caveat with code — is added and both answers it came from are credited", () => {
  const prompt = "How can I undo my last git commit?";
  const top = "Use `git reset --soft HEAD~1`: the commit is undone and its changes stay staged.";
  const b = "Run `git reset --soft HEAD~1`. If you already pushed, never rewrite shared history: use `git revert HEAD` instead.";
  const c = "If the commit was pushed, never rewrite shared history; `git revert HEAD` adds a commit that undoes it.";
  const f = extractiveFusion([top, b, c], prompt);
  assert.deepEqual(f.added, [{ from: 1, text: "If you already pushed, never rewrite shared history: use `git revert HEAD` instead." }]);
  assert.equal(f.text, top + " If you already pushed, never rewrite shared history: use `git revert HEAD` instead.");
  assert.deepEqual(f.used, [0, 1], "the supporting answer's text is not in the result: it is not credited");
  const ranked = [top, b, c].map((text, i) => ({ model: ["a", "b", "c"][i], text }));
  const fused = fusedAnswer({ name: "extractive", label: "extractive merge" }, 3, ranked, f);
  assert.deepEqual([fused.unchanged, fused.sources], [undefined, ["a", "b"]]);
});

test("never added: questions, sign-offs, disclaimers, sentences that lean on their own answer, code only their own answer has", () => {
  const prompt = "How does a hash map find a key?";
  const top = "A hash map hashes the key to pick a bucket, then compares the keys stored in that bucket.";
  const generic = [
    "But what exactly happens when two keys collide in Java?",
    "Please note that implementations in Java and Python may vary.",
    "If you have any questions about Java, do not hesitate to ask.",
    "It resizes the table once the load factor passes 0.75 in Java.",
    "Then the entry `node.next` is followed until the Java key matches.",
  ];
  const code = "```java\nNode node = table[i];\nwhile (node.next != null) node = node.next;\n```";
  const b = [...generic, code].join("\n\n");
  const c = generic.join(" ");
  assert.equal(extractiveMerge([top, b, c], prompt), top);
});

test("when the prompt asks for a number of things, none are added; a procedure takes warnings, not other answers' steps", () => {
  const top = "1. Sleep eight hours.\n2. Drink water every day.\n3. Walk after lunch.";
  const b = "- Eat fresh vegetables with every meal (at least 400 g).\n- Sleep well.";
  const c = "* Eat fresh vegetables with every meal: at least 400 g a day.";
  assert.notEqual(extractiveMerge([top, b, c], "Give me health tips."), top, "an open list takes the supported item");
  assert.equal(extractiveMerge([top, b, c], "Give me three health tips."), top, "three asked, three there");
  assert.equal(extractiveMerge([top, b, c], "Give me 3 health tips."), top);

  const steps = "1. Remove the shower head.\n2. Soak it in vinegar overnight.\n3. Rinse it and screw it back on.";
  const s2 = "- Scrub the nozzles with an old toothbrush for 2 minutes.\n\nNever mix vinegar with bleach: the fumes are toxic.";
  const s3 = "* Scrub the nozzles with an old toothbrush, about 2 minutes.\n\nNever mix vinegar with bleach, which releases toxic chlorine fumes.";
  const fused = extractiveMerge([steps, s2, s3], "How do I clean a shower head?");
  assert.equal(fused, steps + "\n\nNever mix vinegar with bleach: the fumes are toxic.");
});

test("an item about a subject the top answer already covers under a heading or bold label is not added", () => {
  const top = "**1. Syntax:** Python uses indentation.\n\n**2. Typing:** Python is dynamically typed.";
  const b = "- Syntax: Python has a cleaner syntax than JavaScript, with fewer braces and semicolons.\n- Good typing: JavaScript coerces types in 12 surprising ways.";
  const c = "* Syntax: JavaScript's syntax needs braces and semicolons, Python's does not.\n* Typing: JavaScript coerces types in 12 surprising ways.";
  assert.equal(extractiveMerge([top, b, c], "Compare Python and JavaScript."), top);
});
