// Drives the VS Code workbench in the page the way a person does: keyboard shortcuts, the
// command palette, quick picks, editor tabs, notifications, and the webviews' nested iframes.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Frame, Locator, Page } from "playwright-core";
import { artifactsDir } from "./paths";

/** Timeouts are generous: the workbench is slow on a shared 2-core machine. */
export const SLOW = 120_000;
export const MEDIUM = 45_000;

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: "domcontentloaded", timeout: SLOW });
  await waitForWorkbench(page);
}

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator(".monaco-workbench").waitFor({ timeout: SLOW });
  await page.locator(".explorer-folders-view, .explorer-viewlet .empty-view, .monaco-workbench .part.statusbar").first().waitFor({ timeout: SLOW });
  // The status bar shows "Activating Extensions…" until the extension host is up.
  await page.locator(".monaco-workbench .part.statusbar").waitFor({ timeout: SLOW });
  await waitUntil(page, async () => !(await page.locator(".statusbar-item", { hasText: "Activating Extensions" }).count()), SLOW, "extension host start");
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path }).catch(() => undefined);
  return path;
}

const quickInput = (page: Page) => page.locator(".quick-input-widget");
const quickInputBox = (page: Page) => page.locator(".quick-input-widget .quick-input-box input");

export async function waitForQuickInput(page: Page, timeout = MEDIUM): Promise<void> {
  await quickInputBox(page).waitFor({ state: "visible", timeout });
}

export async function quickInputHidden(page: Page, timeout = MEDIUM): Promise<void> {
  await quickInput(page).waitFor({ state: "hidden", timeout });
}

/**
 * Runs a command by its palette title ("Answer Blender: Blend Answers"). Retries while the
 * command is not listed yet (extensions still registering after a start or reload).
 */
export async function runCommand(page: Page, title: string, timeout = SLOW): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    await closeQuickInput(page);
    await page.keyboard.press("F1");
    await waitForQuickInput(page);
    await quickInputBox(page).fill(`>${title}`);
    const row = quickPickRow(page, title);
    try {
      await row.waitFor({ state: "visible", timeout: 10_000 });
      await row.click();
      return;
    } catch (err) {
      if (Date.now() > end) throw new Error(`command "${title}" not in the command palette after ${Math.round(timeout / 1000)}s: ${String(err)}`);
    }
  }
}

function quickPickRow(page: Page, label: string | RegExp): Locator {
  return page.locator(".quick-input-widget .quick-input-list .monaco-list-row", { hasText: label }).first();
}

/** Picks the quick-pick item whose label contains `label` (clicking it). */
export async function pickQuickItem(page: Page, label: string | RegExp, timeout = MEDIUM): Promise<void> {
  await waitForQuickInput(page, timeout);
  const row = quickPickRow(page, label);
  await row.waitFor({ state: "visible", timeout });
  await row.click();
}

/** Labels of the rows the current quick pick shows. */
export async function quickPickLabels(page: Page): Promise<string[]> {
  await waitForQuickInput(page);
  // Rows are recycled: a reused row keeps hidden description/detail labels of an earlier pick.
  const names = await page
    .locator(".quick-input-widget .quick-input-list .monaco-list-row .label-name")
    .evaluateAll((els) => els.filter((e) => e.checkVisibility()).map((e) => e.textContent ?? ""));
  return names.map((n) => n.trim());
}

/** Current text of the quick input box (e.g. a prefilled prompt). */
export async function quickInputValue(page: Page): Promise<string> {
  await waitForQuickInput(page);
  return quickInputBox(page).inputValue();
}

/** Accepts an input box, optionally typing `value` first. */
export async function acceptInput(page: Page, value?: string): Promise<void> {
  await waitForQuickInput(page);
  if (value !== undefined) await quickInputBox(page).fill(value);
  await quickInputBox(page).press("Enter");
}

/**
 * Answers code-server's "simple" open or save dialog (a quick input holding a path) with
 * `path`. The dialog fills in its start path asynchronously: wait for that first, or it
 * overwrites what was typed; then type the path and accept until the dialog closes.
 */
export async function acceptFileDialog(page: Page, path: string): Promise<void> {
  await waitForQuickInput(page);
  await waitForValue(page, () => quickInputBox(page).inputValue(), (v) => v.startsWith("/"), MEDIUM, "the file dialog's start path");
  const end = Date.now() + MEDIUM;
  for (;;) {
    await quickInputBox(page).fill(path);
    await page.waitForTimeout(300);
    if ((await quickInputBox(page).inputValue()) === path) {
      await quickInputBox(page).press("Enter");
      if (await quickInputHidden(page, 5000).then(() => true, () => false)) return;
    }
    if (Date.now() > end) throw new Error(`the file dialog did not accept ${path}; it shows ${await quickInputBox(page).inputValue()}`);
  }
}

export async function closeQuickInput(page: Page): Promise<void> {
  if (await quickInput(page).isVisible().catch(() => false)) {
    await page.keyboard.press("Escape");
    await quickInputHidden(page, 5000).catch(() => undefined);
  }
}

/** Finds `settingId` in the Settings editor (user settings) and clicks the command link `linkText` in its description. */
export async function clickSettingLink(page: Page, settingId: string, linkText: string): Promise<void> {
  await runCommand(page, "Preferences: Open User Settings");
  const search = page.locator(".settings-editor .suggest-input-container").first();
  await search.waitFor({ timeout: MEDIUM });
  await search.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(settingId);
  const link = page.locator(".settings-editor .setting-item-markdown a", { hasText: linkText }).first();
  await link.waitFor({ timeout: MEDIUM });
  await link.click();
}

/** Opens a workspace file with Quick Open (Ctrl+P) as a pinned editor; `relPath` like "binary-search/gpt-4.md". */
export async function openFile(page: Page, relPath: string): Promise<void> {
  await closeQuickInput(page);
  await page.keyboard.press("Control+P");
  await waitForQuickInput(page);
  await quickInputBox(page).fill(relPath);
  const name = relPath.split("/").pop() ?? relPath;
  await quickPickRow(page, name).waitFor({ state: "visible", timeout: MEDIUM });
  await quickInputBox(page).press("Enter");
  await quickInputHidden(page);
  await activeTab(page, name).waitFor({ timeout: MEDIUM });
  // Keep it open (not a preview tab) so that the next file does not replace it.
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Enter");
}

export function tab(page: Page, name: string | RegExp): Locator {
  return page.locator(".tabs-container .tab", { hasText: name }).first();
}

export function activeTab(page: Page, name: string | RegExp): Locator {
  return page.locator(".tabs-container .tab.active", { hasText: name }).first();
}

export async function openTabTitles(page: Page): Promise<string[]> {
  return page.locator(".tabs-container .tab .label-name").allInnerTexts();
}

/** Texts of the notification toasts currently shown. */
export async function notificationTexts(page: Page): Promise<string[]> {
  return page.locator(".notifications-toasts .notification-toast .notification-list-item-message").allInnerTexts();
}

export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator(".notifications-toasts .notification-toast", { hasText: text }).first();
}

export async function clickNotificationButton(page: Page, text: string | RegExp, button: string | RegExp): Promise<void> {
  const toast = notification(page, text);
  await toast.waitFor({ timeout: MEDIUM });
  await toast.locator(".monaco-button", { hasText: button }).first().click();
}

/**
 * The frame of a webview (panel or view) whose DOM contains `selector`. Webviews live in nested
 * iframes (workbench → webview host → active-frame); searching all frames finds the inner one.
 */
export async function webviewFrame(page: Page, selector: string, timeout = SLOW, not?: Frame): Promise<Frame> {
  let found: Frame | undefined;
  await waitUntil(
    page,
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame() || frame === not || frame.isDetached()) continue;
        const hit = await frame.$(selector).catch(() => null);
        if (hit) {
          found = frame;
          return true;
        }
      }
      return false;
    },
    timeout,
    `a webview showing ${selector}`,
  );
  return found as Frame;
}

/** Polls `get` until `ok(value)`; the error names the last value seen. */
export async function waitForValue<T>(page: Page, get: () => Promise<T>, ok: (value: T) => boolean, timeout: number, what: string): Promise<T> {
  const end = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await get();
      if (ok(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > end) {
      const seen = last === undefined ? String(lastError) : JSON.stringify(last);
      throw new Error(`timed out after ${Math.round(timeout / 1000)}s waiting for ${what}; last seen: ${seen}`);
    }
    await page.waitForTimeout(500);
  }
}

export async function waitUntil(page: Page, check: () => Promise<boolean>, timeout: number, what: string): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out after ${Math.round(timeout / 1000)}s waiting for ${what}`);
    await page.waitForTimeout(500);
  }
}

/** Focuses the editor whose tab is `name` (clicking its tab) and places the cursor at the end of the file. */
export async function focusEditorAtEnd(page: Page, name: string): Promise<void> {
  await tab(page, name).click();
  await activeTab(page, name).waitFor({ timeout: MEDIUM });
  await page.locator(".editor-group-container.active .monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+End");
}

/** Saves the active editor (Ctrl+S) and waits until its tab is no longer dirty. */
export async function saveActiveEditor(page: Page, name: string): Promise<void> {
  await page.keyboard.press("Control+S");
  await waitUntil(page, async () => (await page.locator(".tabs-container .tab.dirty", { hasText: name }).count()) === 0, MEDIUM, `${name} to be saved`);
}

/** One line per webview frame (URL tail and the start of its text), for failure reports. */
export async function describeWebviews(page: Page): Promise<string> {
  const lines: string[] = [];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || !frame.url().includes("/webview/")) continue;
    const text = await frame.evaluate(() => document.body?.innerText ?? "").catch((e: unknown) => `(${String(e)})`);
    lines.push(`  ${frame.url().replace(/^.*\/webview\//, "webview/").slice(0, 80)}: ${JSON.stringify(text.slice(0, 160))}`);
  }
  return lines.join("\n") || "  (none)";
}

/**
 * In a multi-select quick pick (canPickMany): checks exactly the items whose labels are in
 * `labels` (unchecking the others), then accepts. All items must fit in the list without scrolling.
 */
export async function pickQuickItems(page: Page, labels: string[], timeout = MEDIUM): Promise<void> {
  await waitForQuickInput(page, timeout);
  const rows = page.locator(".quick-input-widget .quick-input-list .monaco-list-row[role=checkbox]").filter({ visible: true });
  const rowLabel = async (row: Locator) => ((await row.locator(".label-name").first().textContent()) ?? "").trim();
  await waitForValue(page, async () => Promise.all((await rows.all()).map(rowLabel)), (seen) => labels.every((l) => seen.includes(l)), timeout, `quick pick items ${labels.join(", ")}`);
  for (const row of await rows.all()) {
    const want = labels.includes(await rowLabel(row));
    if (want !== ((await row.getAttribute("aria-checked")) === "true")) await row.locator(".monaco-checkbox").first().click();
  }
  const checked = async () => {
    const out: string[] = [];
    for (const row of await rows.all()) if ((await row.getAttribute("aria-checked")) === "true") out.push(await rowLabel(row));
    return out.sort();
  };
  await waitForValue(page, checked, (c) => c.join("\n") === [...labels].sort().join("\n"), timeout, `exactly ${labels.join(", ")} checked`);
  await quickInputBox(page).press("Enter");
}

/** A status bar item by its text (codicons are not part of the text). */
export function statusBarItem(page: Page, text: string | RegExp): Locator {
  return page.locator(".part.statusbar .statusbar-item", { hasText: text }).first();
}

/** The rows a tree view of an extension's view container shows ("answerBlender" for Answer Blender's). */
export function viewContainerRows(page: Page, container: string): Locator {
  return page.locator(`[id="workbench.view.extension.${container}"] .monaco-list-row`);
}
