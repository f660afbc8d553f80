// The Chat view (auxiliary bar) of the e2e VS Code: open it, send queries, read the responses.
// Without Copilot it shows only because the test provider contributes a default participant
// (README, trap 1). `workbench.action.chat.open` takes its query only from code: the bridge runs it.
import type { Locator, Page } from "playwright-core";
import { executeCommand, type BridgeTarget } from "./bridge";
import { MEDIUM, SLOW, waitForValue, waitUntil } from "./workbench";

// The welcome view keeps a hidden input part of its own in the DOM after the first request.
const chatInput = (page: Page) => page.locator(".part.auxiliarybar .interactive-input-part").filter({ visible: true }).last();
// The chat list is virtualized: only the rows in view are in the DOM, so rows are found by their
// data-index (request i at 2i, its response at 2i + 1), counted with aria-setsize.
const listRows = (page: Page) => page.locator(".part.auxiliarybar .interactive-list .monaco-list-row");

/** Opens the Chat view and waits for its input. */
export async function openChat(target: BridgeTarget): Promise<void> {
  await executeCommand(target, "workbench.action.chat.open");
  await chatInput(target.page).waitFor({ state: "visible", timeout: MEDIUM });
}

/**
 * Maximizes the secondary side bar holding the chat (the editors hide), e.g. for a readable
 * screenshot of a wide reply; returns its width in pixels.
 */
export async function maximizeChat(target: BridgeTarget): Promise<number> {
  const bar = target.page.locator(".part.auxiliarybar");
  const width = async () => (await bar.boundingBox())?.width ?? 0;
  const viewport = target.page.viewportSize()?.width ?? 0;
  if ((await width()) < viewport * 0.6) await executeCommand(target, "workbench.action.toggleMaximizedAuxiliaryBar");
  return waitForValue(target.page, width, (w) => w >= viewport * 0.6, MEDIUM, "the chat to fill the window");
}

/**
 * Sends `query` (e.g. "@blend why …") to the chat as if typed and submitted. Returns the handle
 * of its response (its list row) for waitForChatResponse, chatResponseTable and the like.
 */
export async function sendChatQuery(target: BridgeTarget, query: string): Promise<number> {
  const next = (await chatRowCount(target.page)) + 1;
  await executeCommand(target, "workbench.action.chat.open", [{ query }]);
  return next;
}

/** Rows (requests and responses) in the chat list, rendered or not. */
async function chatRowCount(page: Page): Promise<number> {
  const row = listRows(page).first();
  if ((await row.count()) === 0) return 0;
  return Number((await row.getAttribute("aria-setsize")) ?? 0);
}

/**
 * Types `text` into the chat input and presses Enter (clicking the editor first: focus() alone
 * takes no keys). Returns the handle of its response, as sendChatQuery.
 */
export async function typeChatMessage(page: Page, text: string): Promise<number> {
  const next = (await chatRowCount(page)) + 1;
  await chatInput(page).locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  return next;
}

/** The response element for a handle from sendChatQuery / typeChatMessage. */
export function chatResponse(page: Page, response: number): Locator {
  return listRows(page).and(page.locator(`[data-index="${response}"]`)).locator(".interactive-item-container.interactive-response");
}

export interface ChatResponseState {
  /** False while VS Code shows it as being written ("Working…", text streaming in). */
  done: boolean;
  /** Its rendered text (Markdown as shown, tables included). */
  text: string;
}

/** The response now: still being written or done, and its text so far. */
export async function readChatResponse(page: Page, response: number): Promise<ChatResponseState> {
  const item = chatResponse(page, response);
  const done = !(await item.evaluate((el) => el.classList.contains("chat-response-loading")));
  return { done, text: await chatResponseText(item) };
}

/**
 * Waits until the response has finished and its text satisfies `ok` (default: not empty);
 * returns the text. To see text stream in, poll readChatResponse until `!done && text`.
 */
export async function waitForChatResponse(page: Page, response: number, ok: (text: string) => boolean = (t) => t.trim().length > 0, timeout = SLOW): Promise<string> {
  await chatResponse(page, response).waitFor({ state: "attached", timeout });
  const state = await waitForValue(page, () => readChatResponse(page, response), (s) => s.done && ok(s.text), timeout, `chat response (list row ${response}) to finish`);
  return state.text;
}

async function chatResponseText(item: Locator): Promise<string> {
  const parts = await item.locator(".value").allInnerTexts();
  return parts.join("\n").trim();
}

/** The model picker in the chat input shows `name`. */
export async function waitForChatModel(page: Page, name: string): Promise<void> {
  await waitUntil(page, async () => (await chatInput(page).locator(".action-item", { hasText: name }).count()) > 0, MEDIUM, `the chat's model picker to show ${name}`);
}

/** The cells of the Markdown tables in the response, row by row (header rows included). */
export async function chatResponseTable(page: Page, response: number): Promise<string[][]> {
  return chatResponse(page, response)
    .locator(".value table tr")
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll("th, td")).map((c) => (c.textContent ?? "").trim())));
}

/** Labels of the command buttons (`stream.button(…)`) in the response. */
export async function chatResponseButtons(page: Page, response: number): Promise<string[]> {
  return (await chatResponse(page, response).locator(".chat-command-button .monaco-button").allInnerTexts()).map((t) => t.trim());
}

/** Clicks the command button labelled `label` in the response. */
export async function clickChatResponseButton(page: Page, response: number, label: string | RegExp): Promise<void> {
  await chatResponse(page, response).locator(".chat-command-button .monaco-button", { hasText: label }).first().click();
}
