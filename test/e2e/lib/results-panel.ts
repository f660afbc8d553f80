// Reads Answer Blender's results panel (a webview) by its data-testid hooks.
import type { Frame, Page } from "playwright-core";
import { SLOW, waitUntil, webviewFrame } from "./workbench";

export interface CardInfo {
  rank: number;
  model: string;
}

/** The ranked cards, in the panel's order. */
export async function readCards(frame: Frame): Promise<CardInfo[]> {
  return frame.locator("[data-testid=card]").evaluateAll((els) => els.map((e) => ({ rank: Number(e.getAttribute("data-rank")), model: e.getAttribute("data-model") ?? "" })));
}

/** The results panel's frame once its cards' models satisfy `expectModels` and its fused answer has finished. */
export async function finishedPanel(page: Page, expectModels: (models: string[]) => boolean, what: string): Promise<Frame> {
  let frame: Frame | undefined;
  await waitUntil(
    page,
    async () => {
      frame = await webviewFrame(page, "[data-testid=card]", 2000);
      const models = (await readCards(frame)).map((c) => c.model);
      if (!expectModels(models)) return false;
      const fused = frame.locator("[data-testid=fused]");
      if ((await fused.count()) === 0) return false;
      if ((await fused.getAttribute("aria-busy")) === "true") return false;
      return (await frame.locator("[data-testid=fused-text]").innerText()).trim().length > 0;
    },
    SLOW * 2,
    what,
  );
  return frame as Frame;
}

/** Same elements, any order. */
export const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
