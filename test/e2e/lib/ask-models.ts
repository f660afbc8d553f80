// Drives "Answer Blender: Ask Models and Blend" and the role pickers as a person does: the
// multi-select quick pick of models (read row by row: label, description, detail, checked),
// the prompt pick, and the scratch editor confirmed with its "Ask Models" title-bar button.
import type { Locator, Page } from "playwright-core";
import { activeTab, MEDIUM, pickQuickItem, waitForQuickInput, waitForValue, waitUntil } from "./workbench";

export const ASK_MODELS = "Answer Blender: Ask Models and Blend";
export const CHOOSE_JUDGE = "Answer Blender: Choose Judge Model…";
export const CHOOSE_FUSER = "Answer Blender: Choose Fuser Model…";

/** One row of the open quick pick: an item (checked is null in a single-select pick) or a separator drawn as a row. */
export interface PickRow {
  label: string;
  description: string;
  detail: string;
  checked: boolean | null;
  /** The separator label VS Code shows on an item row that starts a group (right-aligned, with a border above). */
  group: string;
  /** A separator VS Code draws as a row of its own. */
  separator: boolean;
}

/**
 * Reads the rows in the browser. Built from a string: tsx would wrap the named inner functions of
 * a function written here in a helper (`__name`) that does not exist in the page.
 */
const READ_ROWS = new Function("rows", `
  const visible = rows.filter((row) => row.checkVisibility());
  visible.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
  return visible.map((row) => {
    const texts = (sel) => Array.from(row.querySelectorAll(sel)).filter((e) => e.checkVisibility()).map((e) => (e.textContent || "").trim());
    const separator = row.classList.contains("quick-input-list-separator-as-item");
    return {
      label: (separator ? texts(".quick-input-list-separator, .label-name") : texts(".quick-input-list-row .label-name"))[0] || "",
      description: separator ? "" : texts(".quick-input-list-row .label-description")[0] || "",
      detail: separator ? "" : texts(".quick-input-list-detail, .quick-input-list-row:nth-child(2) .label-name")[0] || "",
      checked: row.getAttribute("role") === "checkbox" ? row.getAttribute("aria-checked") === "true" : null,
      group: separator ? "" : texts(".quick-input-list-separator")[0] || "",
      separator,
    };
  });`) as (rows: Element[]) => PickRow[];

/** The rows the open quick pick shows, top to bottom (separators included, hidden recycled parts left out). */
export async function quickPickRows(page: Page): Promise<PickRow[]> {
  await waitForQuickInput(page);
  return page.locator(".quick-input-widget .quick-input-list .monaco-list-row").evaluateAll(READ_ROWS);
}

/** The open quick pick's title. */
export async function quickPickTitle(page: Page): Promise<string> {
  await waitForQuickInput(page);
  return ((await page.locator(".quick-input-widget .quick-input-title").textContent()) ?? "").trim();
}

/** The open quick pick's placeholder (shown while its filter box is empty). */
export async function quickPickPlaceholder(page: Page): Promise<string> {
  await waitForQuickInput(page);
  return (await page.locator(".quick-input-widget .quick-input-box input").getAttribute("placeholder")) ?? "";
}

/** Waits for a quick pick with this title (the previous one may still be closing). */
export async function waitForQuickPickTitle(page: Page, title: string | RegExp, timeout = MEDIUM): Promise<void> {
  await waitForValue(page, () => quickPickTitle(page), (t) => (typeof title === "string" ? t === title : title.test(t)), timeout, `a quick pick titled ${String(title)}`);
}

/** Accepts the open multi-select quick pick as it is (Enter in its box). */
export async function acceptQuickPick(page: Page): Promise<void> {
  await waitForQuickInput(page);
  await page.locator(".quick-input-widget .quick-input-box input").press("Enter");
}

/**
 * In the prompt pick, "Write the prompt…": a scratch editor opens; replaces its text with
 * `prompt` (typed, line by line) and confirms with the "Ask Models" button in the editor's title bar.
 */
export async function writePromptInScratchEditor(page: Page, prompt: string): Promise<void> {
  await waitForQuickPickTitle(page, "Ask Models: which prompt?");
  await pickQuickItem(page, "Write the prompt");
  // An untitled editor's tab shows its first line, then "Untitled-N".
  await activeTab(page, /Untitled-\d+/).waitFor({ timeout: MEDIUM });
  const editor = page.locator(".editor-group-container.active .monaco-editor .view-lines").first();
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  const lines = prompt.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) await page.keyboard.press("Enter");
    // Enter may indent or continue a list: start each line at column 1, empty.
    await page.keyboard.press("Shift+Home");
    await page.keyboard.press("Delete");
    if (lines[i]) await page.keyboard.insertText(lines[i]);
  }
  // Markdown wraps long lines: compare the words.
  const words = (t: string) => t.replace(/[\s\u00a0]+/g, " ").trim();
  await waitForValue(page, async () => words(await editor.innerText()), (t) => t === words(prompt), MEDIUM, "the prompt in the scratch editor");
  const send = page.locator(".editor-group-container.active .editor-actions .action-label[aria-label^='Ask Models']").first();
  await send.waitFor({ state: "visible", timeout: MEDIUM });
  await send.click();
  await waitUntil(page, async () => !(await send.isVisible()), MEDIUM, "the scratch editor's Ask Models button to go (prompt sent)");
}

/**
 * In the open multi-select quick pick: checks exactly the items labelled `labels` (unchecking
 * the others) without accepting, so the picked state can be looked at first.
 */
export async function checkQuickItems(page: Page, labels: string[], timeout = MEDIUM): Promise<void> {
  await waitForQuickInput(page, timeout);
  const rows = page.locator(".quick-input-widget .quick-input-list .monaco-list-row[role=checkbox]").filter({ visible: true });
  const rowLabel = async (row: Locator) => ((await row.locator(".label-name").first().textContent()) ?? "").trim();
  await waitForValue(page, async () => Promise.all((await rows.all()).map(rowLabel)), (seen) => labels.every((l) => seen.includes(l)), timeout, `quick pick items ${labels.join(", ")}`);
  for (const row of await rows.all()) {
    const want = labels.includes(await rowLabel(row));
    if (want !== ((await row.getAttribute("aria-checked")) === "true")) await row.locator(".monaco-checkbox").first().click();
  }
  const checked = async () => (await quickPickRows(page)).filter((r) => r.checked).map((r) => r.label).sort();
  await waitForValue(page, checked, (c) => c.join("\n") === [...labels].sort().join("\n"), timeout, `exactly ${labels.join(", ")} checked`);
}
