// Every piece of text the results panel draws, in every state it has, measured against the
// background it is drawn on in the four kinds of VS Code theme (the real variables of Dark
// Modern, Light Modern, Dark High Contrast and Light High Contrast): WCAG contrast ≥ 4.5:1.
// Disabled controls are exempt (WCAG 1.4.3 exempts inactive components). Screenshots of each
// theme go to test/artifacts/.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { browserSkip, screenshot, send, startHarness, THEMES, type Harness, type Theme } from "./webview-harness";
import { sampleBlend } from "../helpers/sample-blend";
import type { BlendRecord } from "../../src/protocol";

/** WCAG 2 AA for normal text. */
const MIN_CONTRAST = 4.5;

let harness: Harness;
before(async () => {
  if (!browserSkip) harness = await startHarness();
});
after(async () => {
  await harness?.close();
});

interface Pair {
  /** Where: a short CSS path of the text's element. */
  where: string;
  text: string;
  fg: string;
  bg: string;
  ratio: number;
}

const PROBE = readFileSync(join(__dirname, "contrast-probe.js"), "utf8");

/** Every text/background pair in the page (contrast-probe.js). */
async function textPairs(page: Page): Promise<Pair[]> {
  return (await page.evaluate(PROBE)) as Pair[];
}

/** A blend whose fused answer differs from #1 (so "From" chips and the diff exist), with a problem naming a file. */
async function richBlend(): Promise<BlendRecord> {
  const b = await sampleBlend();
  const top = b.result.top;
  const broken = { where: "/home/dev/project/answers/broken.json:3", file: "/home/dev/project/answers/broken.json", line: 3, message: "malformed JSON" };
  return {
    ...b,
    result: {
      ...b.result,
      fused: { fuser: "extractive", label: "extractive merge", topK: 3, text: top.text + "\n\nDo **not** call `f.readlines()` on a 3 GB file.", sources: [top.model, "claude-3.5"] },
      issues: [...b.result.issues, broken],
    },
  };
}

/** Each state of the panel, drawn in turn; the pairs of all of them. */
async function allStates(theme: Theme): Promise<Pair[]> {
  const pairs: Pair[] = [];
  const collect = async (page: Page) => pairs.push(...(await textPairs(page)));

  // Empty.
  const empty = await harness.open("panel", { theme, width: 900 });
  await empty.evaluate(() => customElements.whenDefined("vscode-button"));
  await collect(empty);
  await empty.close();

  // A finished blend: header, section links, problems, fused answer with From and its diff, cards (one as a diff, one collapsed), matrix.
  const blend = await richBlend();
  const page = await harness.open("panel", { theme, width: 900, height: 1400 });
  await send(page, { type: "blend", blend });
  await page.waitForSelector("[data-testid=card]");
  await page.evaluate(() => customElements.whenDefined("vscode-button"));
  await page.click("[data-testid=fused-diff]");
  await page.click(`[data-testid=card][data-rank="2"] [data-testid=card-diff]`);
  await page.click(`[data-testid=card][data-rank="3"] [data-testid=card-toggle]`);
  await page.hover(`[data-testid=matrix-cell][data-x="1"][data-y="0"]`);
  await collect(page);
  await screenshot(page, `webview-panel-contrast-${theme}`);

  // Busy: progress, Cancel, the error banner; answers arriving (the previous blend dimmed below).
  await send(page, { type: "busy", busy: true, message: "Blending answers (3 endpoints)" });
  await send(page, { type: "progress", event: { stage: "collect", done: 1, total: 4 } });
  await send(page, {
    type: "collecting",
    answers: [
      { name: "alpha", state: "done", text: "Binary search halves the range.", latencyMs: 820 },
      { name: "beta", state: "streaming", text: "Because it compares with the middle element" },
      { name: "gamma", state: "retrying", text: "", retry: { attempt: 1, reason: "HTTP 503 Service Unavailable" } },
      { name: "broken", state: "failed", text: "", error: "HTTP 500 Internal Server Error" },
      { name: "delta", state: "waiting", text: "" },
    ],
  });
  await page.waitForSelector("[data-testid=live-answer][data-state=failed]");
  await send(page, { type: "error", message: "PairRM model not found in models/pairrm (see docs/pairrm.md)" });
  await page.waitForSelector("[data-testid=error]");
  await collect(page);
  await screenshot(page, `webview-panel-busy-${theme}`);
  await page.close();
  return pairs;
}

describe("text contrast in the results panel", { skip: browserSkip }, () => {
  for (const theme of THEMES) {
    it(`every text/background pair reaches ${MIN_CONTRAST}:1 in the ${theme} theme`, async (t) => {
      const pairs = await allStates(theme);
      assert.ok(pairs.length > 80, `measured ${pairs.length} pieces of text`);
      for (const testid of ["card-source", "fused-sources", "issue-open", "matrix-details", "live-error", "progress-text", "section-nav"]) {
        assert.ok(pairs.some((p) => p.where.includes(testid)), `${testid} was measured`);
      }
      assert.ok(pairs.some((p) => p.where.includes("code")), "inline code was measured");
      const low = pairs.filter((p) => p.ratio < MIN_CONTRAST);
      const min = pairs.reduce((a, b) => (b.ratio < a.ratio ? b : a));
      t.diagnostic(`${theme}: ${pairs.length} pairs, lowest ${min.ratio}:1 (${min.where} "${min.text}" ${min.fg} on ${min.bg})`);
      assert.deepEqual(
        low.map((p) => `${p.ratio}:1 ${p.where} "${p.text}" ${p.fg} on ${p.bg}`),
        [],
      );
    });
  }
});
