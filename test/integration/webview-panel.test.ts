// Results panel rendered from the built assets (dist/webview) in headless Chromium, fed a
// blend made by the real core. Run `npm run build` first (npm test does).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { browserSkip, pageErrors, posted, savedState, screenshot, send, startHarness, violations, type Harness } from "./webview-harness";
import { HOSTILE_LINK, HOSTILE_SCRIPT, sampleBlend } from "../helpers/sample-blend";
import type { BlendRecord } from "../../src/protocol";
import { blendExample } from "../../src/core/blend";
import { LengthRanker } from "../../src/core/rank/engines/length";
import { ExtractiveFuser } from "../../src/core/fuse/engines/extractive";

let harness: Harness;
before(async () => {
  if (!browserSkip) harness = await startHarness();
});
after(async () => {
  await harness?.close();
});

const sigma = (x: number) => 1 / (1 + Math.exp(-x));

async function openWith(blend: BlendRecord | null, opts: Parameters<Harness["open"]>[1] = {}): Promise<Page> {
  const page = await harness.open("panel", opts);
  if (blend) {
    await send(page, { type: "blend", blend });
    await page.waitForSelector(`[data-testid=card]`);
  }
  return page;
}

/** Every CSP violation the page reported (the toolkit's style probe carries the meta csp-nonce). */
async function unexpectedViolations(page: Page): Promise<string[]> {
  return violations(page);
}

async function cardOrder(page: Page) {
  return page.$$eval("[data-testid=card]", (cards) => cards.map((c) => ({ rank: Number(c.getAttribute("data-rank")), model: c.getAttribute("data-model") })));
}

describe("results panel", { skip: browserSkip }, () => {
  it("shows the prompt and the cards in rank order with their numbers", async () => {
    const blend = await sampleBlend();
    const page = await openWith(blend);
    assert.equal(await page.textContent("[data-testid=prompt]"), blend.result.example.instruction);
    assert.equal(await page.textContent("[data-testid=prompt-input]"), blend.result.example.input);

    // The length ranker puts longer answers first: check against the answers themselves.
    const byLength = [...blend.result.example.candidates].sort((a, b) => [...b.text].length - [...a.text].length).map((c) => c.model);
    const order = await cardOrder(page);
    assert.deepEqual(order.map((c) => c.model), byLength);
    assert.deepEqual(order.map((c) => c.rank), [1, 2, 3, 4]);

    const top = blend.result.rank.ranking[0];
    const stat = (name: string) => page.textContent(`[data-testid=card][data-rank="1"] dd[data-stat=${name}]`);
    assert.equal(await stat("score"), top.score.toFixed(2));
    assert.ok(top.strength !== undefined, "bradley-terry gives a strength");
    assert.equal(await stat("strength"), top.strength.toFixed(2));
    assert.equal(await stat("latency"), "2.1 s");
    assert.equal(await stat("tokens"), "38 → 112");
    // A file answer has no endpoint numbers.
    assert.equal(await page.$$eval(`[data-testid=card][data-model="llama-3-8b"] dd[data-stat=latency]`, (x) => x.length), 0);

    // Markdown is rendered: code block, list, safe link.
    assert.equal(await page.$$eval(`[data-testid=card][data-model="gpt-4o"] pre code.language-python`, (x) => x.length), 1);
    assert.equal(await page.$$eval(`[data-testid=card][data-model="gpt-4o"] li`, (x) => x.length), 2);
    assert.equal(await page.getAttribute(`[data-testid=card][data-model="gpt-4o"] a`, "href"), "https://docs.python.org/3/library/io.html");

    const issues = await page.textContent("[data-testid=issues]");
    assert.match(issues ?? "", /Partial result: 1 problem/);
    assert.equal(await page.textContent("[data-testid=issues] .issue-where"), "local-llm");
    assert.match(issues ?? "", /HTTP 500/);
    await page.click("[data-testid=issues] [data-testid=show-log]");
    assert.deepEqual((await posted(page)).at(-1), { type: "showLog" });

    assert.deepEqual(await unexpectedViolations(page), []);
    assert.deepEqual(pageErrors(page).filter((e) => !e.includes("Content Security Policy")), []);
    await page.close();
  });

  it("shows a <script> in an answer as text and never makes a javascript: link clickable", async () => {
    const page = await openWith(await sampleBlend());
    const card = `[data-testid=card][data-model="claude-3.5"]`;
    const text = (await page.textContent(`${card} [data-testid=card-text]`)) ?? "";
    assert.ok(text.includes(`<script>window.__pwned = true; document.title = "pwned"</script>`), "the tag is visible as text");
    assert.equal(await page.$$eval("#app script, #app iframe, #app object, #app embed, #app style", (x) => x.length), 0);
    assert.equal(await page.$$eval("#app img", (x) => x.length), 0, "images are not loaded");
    const hrefs = await page.$$eval("#app [href], #app [src]", (els) => els.map((e) => e.getAttribute("href") ?? e.getAttribute("src") ?? ""));
    assert.ok(hrefs.length >= 3);
    for (const h of hrefs) assert.match(h, /^(https?:\/\/|mailto:)/);
    assert.ok(text.includes(HOSTILE_LINK), "the javascript: link stays plain text");
    // The image became a link to its URL.
    assert.equal(await page.getAttribute(`${card} a.image-link`, "href"), "https://example.com/diagram.png");
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned), undefined);
    assert.notEqual(await page.title(), "pwned");
    assert.deepEqual(await unexpectedViolations(page), []);
    await page.close();
  });

  it("draws the full matrix with headers, P(row beats column) and focus details; a cell compares its two answers", async () => {
    const blend = await sampleBlend();
    const { rank, example } = blend.result;
    const page = await openWith(blend);
    const models = rank.ranking.map((r) => r.model);
    assert.deepEqual(await page.$$eval("[data-testid=matrix] th[scope=col] .header-model", (x) => x.map((e) => e.textContent)), models);
    assert.deepEqual(await page.$$eval("[data-testid=matrix] th[scope=row] .header-model", (x) => x.map((e) => e.textContent)), models);
    const cells = await page.$$eval("[data-testid=matrix-cell]", (x) =>
      x.map((e) => ({ row: e.getAttribute("data-row"), col: e.getAttribute("data-col"), text: e.textContent, label: e.getAttribute("aria-label") })),
    );
    assert.equal(cells.length, 16);
    const index = (m: string | null) => example.candidates.findIndex((c) => c.model === m);
    for (const c of cells) {
      if (c.row === c.col) {
        assert.equal(c.label, `${c.row} vs itself`);
        continue;
      }
      const logit = rank.matrix[index(c.row)][index(c.col)];
      assert.ok(logit !== null, "the full plan compares every ordered pair");
      assert.equal(c.text, sigma(logit).toFixed(2));
      assert.equal(c.label, `${c.row} vs ${c.col}: ${sigma(logit).toFixed(2)}, logit ${logit.toFixed(2)}`);
    }
    // Top answer beats the last one: a "win" cell with a number above 0.5.
    const topVsLast = await page.$(`[data-testid=matrix-cell][data-row="${models[0]}"][data-col="${models[3]}"]`);
    assert.ok(topVsLast);
    assert.ok(Number(await topVsLast.textContent()) > 0.5);
    assert.match((await topVsLast.getAttribute("class")) ?? "", /\bwin\b/);

    // Keyboard: the tab stop is the first comparison (#1 vs #2), not "#1 vs itself"; arrows move, details follow focus.
    const stops = await page.$$eval("[data-testid=matrix-cell][tabindex='0']", (x) => x.map((e) => [e.getAttribute("data-x"), e.getAttribute("data-y"), e.getAttribute("aria-label")]));
    assert.deepEqual(stops.map((s) => s.slice(0, 2)), [["1", "0"]]);
    assert.match(stops[0][2] ?? "", new RegExp(`^${models[0]} vs ${models[1]}: `));
    await page.focus(`[data-testid=matrix-cell][tabindex="0"]`);
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowDown");
    const focused = await page.evaluate(() => [document.activeElement?.getAttribute("data-x"), document.activeElement?.getAttribute("data-y")]);
    assert.deepEqual(focused, ["1", "1"]);
    await page.keyboard.press("ArrowLeft");
    const expected = cells.find((c) => c.row === models[1] && c.col === models[0]);
    assert.equal(await page.textContent("[data-testid=matrix-details]"), expected?.label);

    // Enter on the focused cell, or a click on another, asks the host to compare that pair; the diagonal does nothing.
    await page.keyboard.press("Enter");
    await page.click(`[data-testid=matrix-cell][data-row="${models[0]}"][data-col="${models[3]}"]`);
    await page.click(`[data-testid=matrix-cell][data-row="${models[2]}"][data-col="${models[2]}"]`);
    const compares = (await posted(page)).filter((m) => m.type === "compare");
    assert.deepEqual(compares, [
      { type: "compare", blendId: blend.blendId, a: index(models[1]), b: index(models[0]) },
      { type: "compare", blendId: blend.blendId, a: index(models[0]), b: index(models[3]) },
    ]);
    await page.close();
  });

  it("leaves cells empty and marked where a knockout plan did not compare", async () => {
    const blend = await sampleBlend({ plan: "knockout", aggregate: "max-wins" });
    const nulls = blend.result.rank.matrix.flatMap((row, i) => row.filter((x, j) => i !== j && x === null)).length;
    assert.ok(nulls > 0, "knockout over 4 answers leaves pairs uncompared");
    const page = await openWith(blend, { theme: "dark" });
    const empty = await page.$$eval("[data-testid=matrix-cell][data-empty=true]", (x) => x.map((e) => ({ text: e.textContent, label: e.getAttribute("aria-label") })));
    assert.equal(empty.length, nulls);
    for (const e of empty) {
      assert.equal(e.text, "");
      assert.match(e.label ?? "", /: not compared$/);
    }
    assert.match((await page.textContent("[data-testid=matrix-section]")) ?? "", /knockout plan compared \d+ of 12 ordered pairs/);
    // max-wins has no strength: the cards show wins.
    assert.equal(await page.$$eval("[data-testid=card] dd[data-stat=wins]", (x) => x.length), 4);
    await screenshot(page, "webview-panel-knockout-dark");
    await page.close();
  });

  it("posts insert/copy/open messages from the fused answer, 'Use this answer' and Copy on a card, and export from the header", async () => {
    const blend = await sampleBlend();
    const fused = blend.result.fused;
    assert.ok(fused);
    const page = await openWith(blend);
    assert.match((await page.textContent("[data-testid=fused]")) ?? "", /top-ranked answer \(no fusion\) · top 3/);
    await page.click("[data-testid=insert-cursor]");
    await page.click("[data-testid=replace-selection]");
    await page.click("[data-testid=copy]");
    await page.click("[data-testid=open-editor]");
    const second = blend.result.example.candidates[blend.result.rank.ranking[1].candidate];
    await page.click(`[data-testid=card][data-rank="2"] [data-testid=use-answer]`);
    await page.click(`[data-testid=card][data-rank="2"] [data-testid=card-copy]`);
    await page.click("[data-testid=export]");
    const msgs = (await posted(page)).filter((m) => m.type !== "ready");
    assert.deepEqual(msgs, [
      { type: "insert", text: fused.text, mode: "cursor" },
      { type: "insert", text: fused.text, mode: "replace" },
      { type: "copy", text: fused.text },
      { type: "openInEditor", text: fused.text },
      { type: "insert", text: second.text, mode: "cursor" },
      { type: "copy", text: second.text },
      { type: "export", blendId: blend.blendId },
    ]);
    await page.close();
  });

  it("shows what the fusion changed against #1 as a word diff, and back; remembered in the saved state", async () => {
    const blend = await sampleBlend();
    const top = blend.result.top;
    const added = "Close the file when done.";
    const fusedBlend: BlendRecord = { ...blend, result: { ...blend.result, fused: { fuser: "extractive", label: "extractive merge", topK: 2, text: `${top.text}\n\n${added}`, sources: [top.model, "claude-3.5"] } } };
    const page = await openWith(fusedBlend);
    await page.click("[data-testid=fused-diff]");
    await page.waitForSelector("[data-testid=fused-diff-view]");
    assert.equal(await page.$$eval("[data-testid=fused-diff-view] .diff-text ins", (els) => els.map((e) => e.textContent?.trim()).join(" ")), added);
    assert.equal(await page.$$eval("[data-testid=fused-diff-view] .diff-text del", (els) => els.length), 0);
    assert.match((await page.textContent("[data-testid=fused-diff-view] .diff-legend")) ?? "", new RegExp(`Compared with #1 \\(${top.model}\\)`));
    assert.equal((await savedState<{ fusedDiff: boolean }>(page))?.fusedDiff, true);
    await page.click("[data-testid=fused-diff]");
    await page.waitForSelector("[data-testid=fused-diff-view]", { state: "detached" });
    assert.match((await page.textContent("[data-testid=fused-text]")) ?? "", /Close the file when done\./);
    await page.close();

    // A fused text equal to the top answer (the none fuser) has nothing to show: no button.
    const same = await openWith(await sampleBlend());
    assert.equal(await same.$("[data-testid=fused-diff]"), null);
    await same.close();
  });

  it("says so when no fusion was made and offers the top answer", async () => {
    const blend = await sampleBlend({ fuse: false });
    const page = await openWith(blend);
    assert.match((await page.textContent("[data-testid=fused-note]")) ?? "", /No fusion was made/);
    assert.equal(await page.textContent("[data-testid=fused-label]"), blend.result.top.model);
    await page.click("[data-testid=insert-cursor]");
    assert.deepEqual((await posted(page)).at(-1), { type: "insert", text: blend.result.top.text, mode: "cursor" });
    await page.close();
  });

  it("collapses cards, shows a word diff, and restores both from saved state", async () => {
    const blend = await sampleBlend();
    const page = await openWith(blend);
    const second = `[data-testid=card][data-rank="2"]`;
    const candidate = Number(await page.getAttribute(second, "data-candidate"));
    await page.click(`${second} [data-testid=card-toggle]`);
    assert.equal(await page.getAttribute(`${second} [data-testid=card-toggle]`, "aria-expanded"), "false");
    assert.equal(await page.isVisible(`${second} [data-testid=card-body]`), false);
    assert.ok(await page.isVisible(`${second} [data-testid=card-preview]`));

    const third = `[data-testid=card][data-rank="3"]`;
    await page.click(`${third} [data-testid=card-diff]`);
    const diff = await page.$(`${third} [data-testid=card-diff-view]`);
    assert.ok(diff);
    assert.ok((await diff.$$("ins")).length > 0 && (await diff.$$("del")).length > 0);
    // Kept words + inserted words give back the answer itself.
    const rebuilt = await diff.$eval(".diff-text", (el) =>
      Array.from(el.childNodes)
        .filter((n) => n.nodeName !== "DEL")
        .map((n) => n.textContent)
        .join(""),
    );
    const thirdCandidate = blend.result.example.candidates[Number(await page.getAttribute(third, "data-candidate"))];
    assert.equal(rebuilt, thirdCandidate.text);

    await page.locator(third).screenshot({ path: await screenshot(page, "webview-panel-diff-light") });
    const saved = await savedState<{ collapsed: number[]; diffs: number[]; blend: BlendRecord }>(page);
    assert.ok(saved);
    assert.deepEqual(saved.collapsed, [candidate]);
    assert.equal(saved.blend.blendId, blend.blendId);
    await page.close();

    // A panel that was hidden comes back from getState alone, before the host sends anything.
    const restored = await harness.open("panel", { state: saved });
    await restored.waitForSelector("[data-testid=card]");
    assert.equal(await restored.getAttribute(`${second} [data-testid=card-toggle]`, "aria-expanded"), "false");
    assert.ok(await restored.$(`${third} [data-testid=card-diff-view]`));
    assert.deepEqual(await posted(restored), [{ type: "ready" }]);
    await restored.close();
  });

  it("streams fused tokens while busy, with progress and Cancel", async () => {
    const blend = await sampleBlend({ fuse: false, blendId: "blend-stream" });
    const page = await openWith(null);
    assert.ok(await page.$("[data-testid=empty]"));
    await send(page, { type: "busy", busy: true, message: "Blending 4 answers" });
    await send(page, { type: "progress", event: { stage: "rank", done: 3, total: 12 } });
    await page.waitForSelector("[data-testid=progress][aria-valuenow='3']");
    assert.equal(await page.getAttribute("[data-testid=progress]", "aria-valuemax"), "12");
    assert.equal(await page.textContent("[data-testid=progress-text]"), "Ranking 3/12");
    assert.equal(await page.textContent("[data-testid=busy-title]"), "Blending 4 answers", "the title (and budget) stays above the progress");
    await page.click("[data-testid=cancel]");
    assert.deepEqual((await posted(page)).at(-1), { type: "cancel" });

    // The host's order: the ranked record marked `fusing`, then text deltas, then the final record.
    await send(page, { type: "blend", blend: { ...blend, fusing: true } });
    await page.waitForSelector("[data-testid=card]");
    assert.match((await page.textContent("[data-testid=fused-label]")) ?? "", /generating/);
    assert.equal(await page.$("[data-testid=fused-note]"), null, "not 'no fusion' while fusing");
    const pieces = ["Iterate over ", "the file **object**", ": it yields one line ", "at a time."];
    for (const text of pieces) await send(page, { type: "fuseToken", blendId: blend.blendId, text });
    await page.waitForFunction(() => document.querySelector("[data-testid=fused-text]")?.textContent === "Iterate over the file object: it yields one line at a time.");
    assert.equal(await page.textContent("[data-testid=fused-text] strong"), "object");
    assert.match((await page.textContent("[data-testid=fused-label]")) ?? "", /generating/);
    assert.ok(await page.getAttribute("[data-testid=insert-cursor]", "disabled") !== null, "no insert while streaming");
    assert.ok(await page.getAttribute("[data-testid=rerank]", "disabled") !== null, "no re-rank while busy");
    assert.ok(await page.getAttribute("[data-testid=export]", "disabled") !== null, "no export while fusing");
    await screenshot(page, "webview-panel-streaming-light");

    const final: BlendRecord = {
      ...blend,
      fusing: false,
      result: { ...blend.result, fused: { fuser: "genfuser", label: "GenFuser (flan-t5)", topK: 3, text: pieces.join(""), sources: ["gpt-4o", "claude-3.5", "mistral-7b"] } },
    };
    await send(page, { type: "blend", blend: final });
    await send(page, { type: "busy", busy: false });
    await page.waitForSelector("[data-testid=cancel]", { state: "detached" });
    assert.equal(await page.$("[data-testid=progress]"), null);
    assert.equal(await page.textContent("[data-testid=fused-label]"), "GenFuser (flan-t5) · top 3");
    assert.equal(await page.textContent("[data-testid=fused-sources]"), "From gpt-4o, claude-3.5, mistral-7b");
    assert.equal(await page.getAttribute("[data-testid=insert-cursor]", "disabled"), null);
    assert.equal(await page.getAttribute("[data-testid=export]", "disabled"), null);
    await page.close();
  });

  it("does not double the streamed text when a reloaded webview gets the stream again", async () => {
    const blend: BlendRecord = { ...(await sampleBlend({ fuse: false, blendId: "blend-resume" })), fusing: true };
    const saved = { version: 1, blend, collapsed: [], diffs: [], streaming: { blendId: blend.blendId, text: "Half of the" }, plan: null, aggregate: null };
    const page = await harness.open("panel", { state: saved });
    await page.waitForSelector("[data-testid=fused-text]");
    assert.equal(await page.textContent("[data-testid=fused-text]"), "Half of the");
    // What the host sends on "ready": the record, all text streamed so far, busy.
    await send(page, { type: "blend", blend });
    await send(page, { type: "fuseToken", blendId: blend.blendId, text: "Half of the" });
    await send(page, { type: "busy", busy: true, message: "Blending" });
    await send(page, { type: "fuseToken", blendId: blend.blendId, text: " answer." });
    await page.waitForFunction(() => document.querySelector("[data-testid=fused-text]")?.textContent?.endsWith("answer."));
    assert.equal(await page.textContent("[data-testid=fused-text]"), "Half of the answer.");
    // Cancelled: the partial text stays, marked as stopped.
    await send(page, { type: "busy", busy: false });
    await page.waitForSelector("[data-testid=cancel]", { state: "detached" });
    assert.equal(await page.textContent("[data-testid=fused-label]"), "stopped before the end");
    assert.equal(await page.textContent("[data-testid=fused-text]"), "Half of the answer.");
    await page.close();
  });

  it("shows endpoint answers as they stream in, as text, and clears them when the blend arrives", async () => {
    const page = await openWith(null);
    await send(page, { type: "busy", busy: true, message: "Blending answers (3 endpoints)" });
    const long = "word ".repeat(400);
    await send(page, {
      type: "collecting",
      answers: [
        { name: "alpha", state: "streaming", text: `Binary search ${HOSTILE_SCRIPT} halves` },
        { name: "beta", state: "done", text: long, latencyMs: 1530 },
        { name: "gamma", state: "failed", text: "", error: "HTTP 500 Internal Server Error" },
        { name: "delta#2", state: "waiting", text: "" },
        { name: "epsilon", state: "retrying", text: "", retry: { attempt: 2, reason: "HTTP 429 Too Many Requests" } },
      ],
    });
    await page.waitForSelector("[data-testid=live-answer]");
    const rows = await page.$$eval("[data-testid=live-answer]", (els) =>
      els.map((e) => ({
        name: e.getAttribute("data-name"),
        state: e.querySelector("[data-testid=live-state]")?.textContent,
        text: e.querySelector("[data-testid=live-text]")?.textContent ?? null,
        error: e.querySelector("[data-testid=live-error]")?.textContent ?? e.querySelector("[data-testid=live-retry]")?.textContent ?? null,
      })),
    );
    assert.deepEqual(rows, [
      { name: "alpha", state: `writing… ${`Binary search ${HOSTILE_SCRIPT} halves`.length} chars`, text: `Binary search ${HOSTILE_SCRIPT} halves`, error: null },
      { name: "beta", state: "done · 2000 chars · 1.5 s", text: "…" + long.slice(-600), error: null },
      { name: "gamma", state: "failed", text: null, error: "HTTP 500 Internal Server Error" },
      { name: "delta#2", state: "waiting…", text: null, error: null },
      { name: "epsilon", state: "retrying · attempt 2 failed", text: null, error: "HTTP 429 Too Many Requests" },
    ]);
    assert.match((await page.textContent("[data-testid=live]")) ?? "", /2 of 5 finished/);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned), undefined, "the script in an answer is text");
    await screenshot(page, "webview-panel-collecting-light");

    // The next snapshot replaces the previous one.
    await send(page, { type: "collecting", answers: [{ name: "alpha", state: "done", text: "Binary search halves the range.", latencyMs: 80 }] });
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=live-answer]").length === 1);
    assert.equal(await page.textContent("[data-testid=live-state]"), "done · 31 chars · 80 ms");

    await send(page, { type: "blend", blend: await sampleBlend() });
    await page.waitForSelector("[data-testid=card]");
    assert.equal(await page.$("[data-testid=live]"), null, "the live answers give way to the ranked cards");
    assert.equal(await page.evaluate(() => document.getElementById("app")?.classList.contains("collecting")), false);

    // A new collection while that blend is shown, scrolled down: back to the top, the old blend dimmed.
    await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight }));
    assert.ok((await page.evaluate(() => window.scrollY)) > 0);
    await send(page, { type: "busy", busy: true, message: "Blending answers (1 endpoint)" });
    await send(page, { type: "collecting", answers: [{ name: "alpha", state: "waiting", text: "" }] });
    await page.waitForSelector("[data-testid=live-answer]");
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    assert.equal(await page.evaluate(() => document.getElementById("app")?.classList.contains("collecting")), true);
    await send(page, { type: "busy", busy: false });
    await page.waitForSelector("[data-testid=live]", { state: "detached" });
    await page.close();
  });

  it("shows a multi-line prompt as a heading (its first paragraph) and body text; a long one folded under the heading", async () => {
    const blend = await sampleBlend();
    blend.result.example.instruction = "Why does binary search need a sorted list?\n\nAnswer in two sentences.\nFor a beginner.";
    const page = await openWith(blend);
    assert.equal(await page.textContent("[data-testid=prompt]"), "Why does binary search need a sorted list?");
    assert.equal(await page.textContent("[data-testid=prompt-rest]"), "Answer in two sentences.\nFor a beginner.");
    assert.equal(await page.$("[data-testid=prompt-full]"), null);
    const fontSize = (sel: string) => page.$eval(sel, (e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok((await fontSize("[data-testid=prompt]")) > (await fontSize("[data-testid=prompt-rest]")), "the rest is body text, not heading text");

    const code = Array.from({ length: 20 }, (_, i) => `    total += item_${i}`).join("\n");
    await send(page, { type: "blend", blend: { ...blend, blendId: "long", result: { ...blend.result, example: { ...blend.result.example, instruction: `Why is this loop slow?\n\n${code}` } } } });
    await page.waitForSelector("[data-testid=prompt-full]");
    assert.equal(await page.textContent("[data-testid=prompt]"), "Why is this loop slow?");
    assert.equal(await page.textContent("[data-testid=prompt-full] summary"), "Whole prompt (22 lines)");
    assert.equal(await page.isVisible("[data-testid=prompt-full] [data-testid=prompt-rest]"), false, "folded");
    await page.click("[data-testid=prompt-full] summary");
    assert.equal(await page.textContent("[data-testid=prompt-full] [data-testid=prompt-rest]"), `Why is this loop slow?\n\n${code}`);
    await screenshot(page, "webview-panel-long-prompt-light");
    await page.close();
  });

  it("names a failed model once: issues and live answers leave its name out of the reason; an answer named after its model has no source line", async () => {
    const blend = await sampleBlend();
    blend.result.issues = [
      { where: "endpoint copilot/o3", endpoint: "copilot/o3", message: "copilot/o3: no consent (The user did not allow it.)" },
      { where: "judge copilot/judge", endpoint: "copilot/judge", message: "judge call failed, pair counted as a tie: copilot/judge: timed out" },
    ];
    const gpt = blend.result.example.candidates.find((c) => c.model === "gpt-4o")!;
    gpt.meta = { ...gpt.meta, endpoint: "gpt-4o" };
    const page = await openWith(blend);
    const issues = await page.$$eval("[data-testid=issue]", (els) => els.map((e) => [e.querySelector(".issue-where")?.textContent, e.querySelector(".issue-message")?.textContent]));
    assert.deepEqual(issues, [
      ["copilot/o3", "no consent (The user did not allow it.)"],
      ["judge copilot/judge", "judge call failed, pair counted as a tie: copilot/judge: timed out"],
    ]);
    assert.equal(await page.$$eval(`[data-testid=card][data-model="gpt-4o"] .card-source`, (x) => x.length), 0);
    assert.equal(await page.textContent(`[data-testid=card][data-model="claude-3.5"] .card-source`), "endpoint anthropic");

    await send(page, { type: "busy", busy: true, message: "Blending answers (2 models)" });
    await send(page, {
      type: "collecting",
      answers: [
        { name: "copilot/o3", state: "failed", text: "", error: "copilot/o3: no consent (The user did not allow it.)" },
        { name: "local#2", state: "retrying", text: "", retry: { attempt: 1, reason: 'endpoint "local": HTTP 500 Internal Server Error: server error' } },
      ],
    });
    await page.waitForSelector("[data-testid=live-answer]");
    const live = await page.$$eval("[data-testid=live-answer]", (els) => els.map((e) => e.querySelector("[data-testid=live-error], [data-testid=live-retry]")?.textContent));
    assert.deepEqual(live, ["no consent (The user did not allow it.)", "HTTP 500 Internal Server Error: server error"]);
    await page.close();
  });

  it("speaks the display language when the host embeds a translation, English where a message has none", async () => {
    const de = JSON.parse(readFileSync(join(__dirname, "..", "..", "l10n", "bundle.l10n.de.json"), "utf8")) as Record<string, string>;
    const page = await harness.open("panel", { l10n: de });
    await send(page, { type: "blend", blend: await sampleBlend() });
    await page.waitForSelector("[data-testid=card]");
    assert.equal(await page.textContent("#matrix-title"), de["Pairwise matrix"]);
    assert.equal(await page.textContent("#ranking-title"), de["Ranked answers"]);
    assert.equal((await page.textContent("[data-testid=insert-cursor]"))?.trim(), de["Insert at cursor"]);
    assert.ok((await page.$$eval("[data-testid=facts] li", (els) => els.map((e) => e.textContent))).includes(de["{0} answers"].replace("{0}", "4")));
    assert.notEqual(de["Pairwise matrix"], "Pairwise matrix");
    await screenshot(page, "webview-panel-german-light");
    await page.close();

    const partial = await harness.open("panel", { l10n: { "Pairwise matrix": "Matrice </script> <!-- X" } });
    await send(partial, { type: "blend", blend: await sampleBlend() });
    await partial.waitForSelector("[data-testid=card]");
    assert.equal(await partial.textContent("#matrix-title"), "Matrice </script> <!-- X");
    assert.equal(await partial.textContent("#ranking-title"), "Ranked answers");
    assert.deepEqual(pageErrors(partial), []);
    await partial.close();
  });

  it("re-ranks with the chosen plan and aggregator", async () => {
    const blend = await sampleBlend();
    const page = await openWith(blend);
    await page.click("[data-testid=rerank-plan]");
    await page.click("[data-testid=rerank-plan] vscode-option[value=knockout]");
    await page.click("[data-testid=rerank-aggregate]");
    await page.click("[data-testid=rerank-aggregate] vscode-option[value=copeland]");
    await page.click("[data-testid=rerank]");
    assert.deepEqual((await posted(page)).at(-1), { type: "rerank", blendId: blend.blendId, plan: "knockout", aggregate: "copeland" });
    await page.close();
  });

  it("card headers name files relative to the workspace, or by file name when outside it; the full path on hover", async () => {
    const page = await openWith(await sampleBlend(), { width: 520 });
    const source = (model: string) => page.$eval(`[data-testid=card][data-model="${model}"] [data-testid=card-source]`, (e) => [e.textContent, e.getAttribute("title")]);
    assert.deepEqual(await source("llama-3-8b"), ["answers/llama-3-8b.md", "/home/dev/project/answers/llama-3-8b.md"]);
    assert.deepEqual(await source("mistral-7b"), ["mistral-7b.md", "/opt/vscode/extensions/answer-blender/dist/samples/mistral-7b.md"]);
    assert.deepEqual(await source("gpt-4o"), ["endpoint openai", "endpoint openai"]);
    assert.ok(!((await page.textContent("[data-testid=ranking]")) ?? "").includes("/opt/vscode"), "no absolute path in the text");
    await page.close();
  });

  it("an extractive fusion that added nothing is shown as answer #1 as is: no fusion, no From, no diff", async () => {
    const base = await sampleBlend();
    const result = await blendExample(base.result.example, new LengthRanker(), new ExtractiveFuser(), { plan: "full", aggregate: "max-logits", seed: 0, topK: 3, fuseTopK: 3 });
    assert.equal(result.fused?.unchanged, true, "precondition: nothing worth adding in the sample");
    const page = await openWith({ ...base, result });
    assert.equal(await page.textContent("[data-testid=fused] h2"), "Top-ranked answer");
    assert.equal(await page.textContent("[data-testid=fused-label]"), "extractive merge: no additions — answer #1 as is");
    assert.equal(await page.$$eval("[data-testid=fused-sources]", (x) => x.length), 0);
    assert.equal(await page.$$eval("[data-testid=fused-diff]", (x) => x.length), 0);
    assert.match((await page.textContent("[data-testid=fused-note]")) ?? "", /None of the other answers adds anything/);
    assert.equal(await page.textContent("[data-testid=jump-fused]"), "Top-ranked answer");
    await page.click("[data-testid=insert-cursor]");
    assert.deepEqual((await posted(page)).at(-1), { type: "insert", text: result.top.text, mode: "cursor" });
    await page.close();
  });

  it("a problem that names a file has Open File, which asks the host to open it at its line", async () => {
    const blend = await sampleBlend();
    const broken = { where: "/home/dev/project/answers/broken.json:3", file: "/home/dev/project/answers/broken.json", line: 3, message: "malformed JSON (Unexpected token)" };
    const page = await openWith({ ...blend, result: { ...blend.result, issues: [...blend.result.issues, broken] } });
    const rows = await page.$$eval("[data-testid=issue]", (x) => x.map((e) => [e.querySelector(".issue-where")?.textContent, e.querySelector(".issue-message")?.textContent, e.querySelector("[data-testid=issue-open]") !== null]));
    assert.deepEqual(rows, [
      ["local-llm", blend.result.issues[0].message, false],
      [broken.where, broken.message, true],
    ]);
    await page.click("[data-testid=issue-open]");
    assert.deepEqual((await posted(page)).at(-1), { type: "openFile", file: broken.file, line: 3 });
    await page.close();
  });

  it("in a narrow side-by-side panel nothing scrolls sideways, and the header's links bring the matrix into view", async () => {
    const page = await openWith(await sampleBlend(), { width: 440, height: 700 });
    await page.evaluate(() => customElements.whenDefined("vscode-button"));
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      matrix: (() => {
        const scroll = document.querySelector(".matrix-scroll") as HTMLElement;
        return scroll.scrollWidth - scroll.clientWidth;
      })(),
    }));
    assert.deepEqual(overflow, { page: 0, matrix: 0 }, "the page and the matrix fit the width");
    assert.equal(await page.$eval("[data-testid=matrix] th[scope=col] .header-model", (e) => getComputedStyle(e).display), "none", "narrow: column heads keep the rank only");
    const below = await page.$eval("#matrix-title", (e) => e.getBoundingClientRect().top);
    assert.ok(below > 700, `the matrix starts below the fold (${below})`);
    await page.click("[data-testid=jump-matrix]");
    await page.waitForFunction(() => {
      const top = document.getElementById("matrix-title")!.getBoundingClientRect().top;
      return top >= 0 && top < window.innerHeight - 60;
    });
    assert.equal(await page.evaluate(() => document.activeElement?.id), "matrix-title", "focus moves with it");
    await screenshot(page, "webview-panel-narrow-matrix");
    await page.close();
  });

  it("shows host errors with a log link", async () => {
    const page = await openWith(await sampleBlend());
    await send(page, { type: "error", message: "PairRM model not found in models/pairrm" });
    await page.waitForSelector("[data-testid=error]");
    assert.match((await page.textContent("[data-testid=error]")) ?? "", /PairRM model not found/);
    await page.click("[data-testid=error] [data-testid=show-log]");
    assert.deepEqual((await posted(page)).at(-1), { type: "showLog" });
    // Unknown or malformed messages are ignored.
    await send(page, { type: "blend" });
    await send(page, { type: "nonsense" });
    assert.equal(await page.$$eval("[data-testid=card]", (x) => x.length), 4);
    await page.close();
  });

  for (const theme of ["light", "dark", "high-contrast"] as const) {
    it(`renders cleanly in the ${theme} theme (screenshot)`, async () => {
      const page = await openWith(await sampleBlend(), { theme });
      await page.evaluate(() => customElements.whenDefined("vscode-button"));
      const path = await screenshot(page, `webview-panel-${theme}`);
      assert.ok(path.endsWith(".png"));
      assert.deepEqual(await unexpectedViolations(page), []);
      await page.close();
    });
  }
});
