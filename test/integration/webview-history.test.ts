// "Recent Blends" side view rendered from the built assets in headless Chromium.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { pageErrors, posted, savedState, screenshot, send, startHarness, violations, type Harness } from "./webview-harness";
import { historyEntries } from "../helpers/sample-blend";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness?.close();
});

const focusedId = (page: import("playwright-core").Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.blendId);

describe("history view", () => {
  it("lists recent blends with a compact ranking and the partial marker", async () => {
    const page = await harness.open("history", { width: 340, height: 560 });
    assert.ok(await page.$("[data-testid=history-empty]"));
    const entries = historyEntries();
    await send(page, { type: "history", entries });
    await page.waitForSelector("[data-testid=history-item]");
    const items = await page.$$eval("[data-testid=history-item]", (els) =>
      els.map((e) => ({
        id: e.getAttribute("data-blend-id"),
        prompt: e.querySelector("[data-testid=history-prompt]")?.textContent,
        ranking: e.querySelector("[data-testid=history-ranking]")?.textContent,
        partial: e.querySelector("[data-testid=history-partial]") !== null,
      })),
    );
    assert.deepEqual(items, [
      { id: "b-1", prompt: entries[0].prompt, ranking: "1 gpt-4o · 2 claude-3.5 · 3 mistral-7b · …", partial: true },
      // A prompt with markup is shown as text.
      { id: "b-2", prompt: "Explain the difference between <b>TCP</b> and UDP for a game server.", ranking: "1 claude-3.5 · 2 gpt-4o · 3 llama-3-8b", partial: false },
      { id: "b-3", prompt: "Write a haiku about merge conflicts.", ranking: "1 mistral-7b · 2 gpt-4o", partial: false },
    ]);
    assert.equal(await page.$$eval("#app b", (x) => x.length), 0);
    const saved = await savedState<{ entries: unknown[] }>(page);
    assert.equal(saved?.entries.length, 3);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(pageErrors(page).filter((e) => !e.includes("Content Security Policy")), []);
    await page.close();
  });

  it("opens with Enter or a click, exports with E or its button, deletes with the Delete key, clears with the button", async () => {
    const page = await harness.open("history", { width: 340, height: 560 });
    const entries = historyEntries();
    await send(page, { type: "history", entries });
    await page.waitForSelector("[data-testid=history-item]");

    await page.keyboard.press("Tab"); // the Clear button
    await page.keyboard.press("Tab"); // the first blend
    assert.equal(await focusedId(page), "b-1");
    await page.keyboard.press("Enter");
    await page.keyboard.press("ArrowDown");
    assert.equal(await focusedId(page), "b-2");
    await page.keyboard.press("Delete");
    await page.click(`[data-testid=history-item][data-blend-id="b-3"]`);
    const msgs = (await posted(page)).filter((m) => m.type !== "ready");
    assert.deepEqual(msgs, [
      { type: "open", blendId: "b-1" },
      { type: "delete", blendId: "b-2" },
      { type: "open", blendId: "b-3" },
    ]);

    // The host answers the delete with the new list: focus stays in the list.
    await page.focus(`[data-testid=history-item][data-blend-id="b-2"]`);
    await send(page, { type: "history", entries: entries.filter((e) => e.blendId !== "b-2") });
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=history-item]").length === 2);
    assert.equal(await focusedId(page), "b-3");

    await page.keyboard.press("e");
    assert.deepEqual((await posted(page)).at(-1), { type: "export", blendId: "b-3" });
    await page.click("[data-testid=history-export] >> nth=1", { force: true });
    assert.deepEqual((await posted(page)).at(-1), { type: "export", blendId: "b-3" }, "the export button does not open the blend");
    await page.click("[data-testid=history-delete] >> nth=0", { force: true });
    assert.deepEqual((await posted(page)).at(-1), { type: "delete", blendId: "b-1" });
    await page.click("[data-testid=history-clear]");
    assert.deepEqual((await posted(page)).at(-1), { type: "clear" });
    await page.close();
  });

  for (const theme of ["light", "dark"] as const) {
    it(`renders cleanly in the ${theme} theme (screenshot)`, async () => {
      const page = await harness.open("history", { theme, width: 320, height: 420 });
      await send(page, { type: "history", entries: historyEntries() });
      await page.waitForSelector("[data-testid=history-item]");
      await page.focus(`[data-testid=history-item][data-blend-id="b-2"]`);
      await screenshot(page, `webview-history-${theme}`);
      await page.close();
    });
  }
});
