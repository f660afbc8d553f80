// The results panel's ranker line, rendered from the built assets in headless Chromium: which
// ranker decided, the builtin ranker's limits, and "Rank with a chat model…".
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { pageErrors, posted, screenshot, send, startHarness, violations, ROOT, type Harness } from "./webview-harness";
import { sampleBlend } from "../helpers/sample-blend";
import type { BlendRecord, RankerChoice } from "../../src/protocol";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness?.close();
});

async function rankedBy(ranker: string, choice: RankerChoice | undefined): Promise<BlendRecord> {
  const blend = await sampleBlend();
  return { ...blend, result: { ...blend.result, rank: { ...blend.result.rank, ranker } }, ...(choice ? { rankerChoice: choice } : {}) };
}

async function openWith(blend: BlendRecord, opts: Parameters<Harness["open"]>[1] = {}): Promise<Page> {
  const page = await harness.open("panel", opts);
  await send(page, { type: "blend", blend });
  await page.waitForSelector("[data-testid=ranker-note]");
  return page;
}

describe("results panel: the ranker line", () => {
  it("builtin (auto, no judge model): says it judges style and length, not correctness; Rank with a chat model… asks the host", async () => {
    const blend = await rankedBy("builtin", { setting: "auto", used: "builtin", fallback: "no-judge" });
    for (const theme of ["light", "dark", "high-contrast"] as const) {
      const page = await openWith(blend, { theme, width: 760, height: 700 });
      const text = await page.textContent("[data-testid=ranker-text]");
      assert.equal(text, "Ranked by the builtin ranker: it judges style and length, not correctness. No judge model is chosen.");
      assert.equal(await page.getAttribute("[data-testid=ranker-note]", "data-ranker"), "builtin");
      // The line sits right under the prompt, above the answers.
      const order = await page.$$eval("#app > *", (els) => els.map((e) => e.getAttribute("data-testid") ?? e.className));
      assert.ok(order.indexOf("ranker-note") > order.findIndex((c) => c.includes("prompt-section")), order.join(","));
      const top = await page.locator("header.prompt-section").boundingBox();
      const note = await page.locator("[data-testid=ranker-note]").boundingBox();
      if (top && note) await page.screenshot({ path: await screenshot(page, `webview-ranker-builtin-${theme}-header`), clip: { x: 0, y: top.y, width: 760, height: note.y + note.height - top.y + 8 } });
      await page.locator("[data-testid=ranker-note]").screenshot({ path: await screenshot(page, `webview-ranker-builtin-${theme}`) });
      if (theme === "light") {
        await page.click("[data-testid=rank-with-model]");
        assert.deepEqual((await posted(page)).at(-1), { type: "rankWithModel", blendId: blend.blendId });
        // Busy (the re-rank runs): the button is disabled until the blend comes back.
        await send(page, { type: "busy", busy: true, message: "Re-ranking (knockout, max-logits) · 6 judge calls" });
        await page.waitForSelector("[data-testid=rank-with-model][disabled]");
        assert.match((await page.textContent("[data-testid=busy-title]")) ?? "", /6 judge calls/);
        await send(page, { type: "busy", busy: false });
        await page.waitForSelector("[data-testid=rank-with-model]:not([disabled])");
      }
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(pageErrors(page).filter((e) => !e.includes("Content Security Policy")), []);
      await page.close();
    }
  });

  it("builtin because the judge model is not available: says which; an older record without a choice still gets the note", async () => {
    let page = await openWith(await rankedBy("builtin", { setting: "auto", used: "builtin", judge: "copilot/gpt-4o", fallback: "unavailable" }));
    assert.match((await page.textContent("[data-testid=ranker-text]")) ?? "", /not correctness\. The judge model copilot\/gpt-4o is not available\.$/);
    await page.close();
    page = await openWith(await rankedBy("builtin", undefined));
    assert.equal(await page.textContent("[data-testid=ranker-text]"), "Ranked by the builtin ranker: it judges style and length, not correctness.");
    assert.equal(await page.$$eval("[data-testid=rank-with-model]", (x) => x.length), 1);
    await page.close();
  });

  it("a chat-model judge: names it and says both orders; no button", async () => {
    const page = await openWith(await rankedBy("judge", { setting: "auto", used: "judge", judge: "copilot/gpt-4o" }), { theme: "dark", width: 760 });
    assert.equal(await page.textContent("[data-testid=ranker-text]"), "Ranked by the judge model copilot/gpt-4o (ranker auto), which compared the answers in both orders.");
    assert.equal(await page.$$eval("[data-testid=rank-with-model]", (x) => x.length), 0);
    await page.locator("[data-testid=ranker-note]").screenshot({ path: await screenshot(page, "webview-ranker-judge-dark") });
    await page.close();
    const length = await openWith(await rankedBy("length", undefined));
    assert.equal(await length.textContent("[data-testid=ranker-text]"), "Ranked by the length ranker.");
    await length.close();
  });

  it("in German, from the host's bundle", async () => {
    const de = JSON.parse(readFileSync(join(ROOT, "l10n", "bundle.l10n.de.json"), "utf8")) as Record<string, string>;
    const page = await openWith(await rankedBy("builtin", { setting: "auto", used: "builtin", fallback: "no-judge" }), { l10n: de });
    const text = (await page.textContent("[data-testid=ranker-text]")) ?? "";
    assert.equal(text, `${de["Ranked by the builtin ranker: it judges style and length, not correctness."]} ${de["No judge model is chosen."]}`);
    assert.equal((await page.textContent("[data-testid=rank-with-model]"))?.trim(), de["Rank with a chat model…"]);
    await page.close();
  });
});
