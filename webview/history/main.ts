// "Recent Blends" side view entry: shows the list the host sends, posts open/delete/clear.
import { isHostToHistory, type HistoryEntry, type HistoryToHost } from "../../src/protocol";
import { h } from "../shared/dom";
import { getVsCodeApi } from "../shared/vscode-api";
import { registerToolkit } from "../shared/toolkit";
import { renderHistory } from "./history-view";

interface SavedHistoryState {
  version: 1;
  entries: HistoryEntry[];
}

function readState(raw: unknown): SavedHistoryState | undefined {
  const r = raw as Partial<SavedHistoryState> | null;
  return r && r.version === 1 && Array.isArray(r.entries) ? { version: 1, entries: r.entries } : undefined;
}

registerToolkit();
const api = getVsCodeApi<SavedHistoryState, HistoryToHost>(readState);
const app = document.getElementById("app") ?? document.body.appendChild(h("div", { attrs: { id: "app" } }));
let entries: HistoryEntry[] = api.getState()?.entries ?? [];

function render(): void {
  // Keep keyboard focus on the same blend (or its neighbour after a delete).
  const focused = document.activeElement?.closest<HTMLElement>("[data-testid=history-item]");
  const focusedId = focused?.dataset.blendId;
  const oldIds = Array.from(app.querySelectorAll<HTMLElement>("[data-testid=history-item]")).map((e) => e.dataset.blendId);
  app.replaceChildren(renderHistory(entries, (m) => api.postMessage(m)));
  if (focusedId === undefined) return;
  const items = Array.from(app.querySelectorAll<HTMLElement>("[data-testid=history-item]"));
  const same = items.find((e) => e.dataset.blendId === focusedId);
  const next = same ?? items[Math.min(Math.max(0, oldIds.indexOf(focusedId)), items.length - 1)];
  (next ?? app.querySelector<HTMLElement>("[data-testid=history-clear]"))?.focus();
}

window.addEventListener("message", (ev: MessageEvent<unknown>) => {
  if (!isHostToHistory(ev.data)) return;
  entries = ev.data.entries;
  api.setState({ version: 1, entries });
  render();
});

render();
api.postMessage({ type: "ready" });
