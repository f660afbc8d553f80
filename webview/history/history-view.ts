// The "Recent Blends" list: one focusable item per blend; Enter opens, E exports, Delete removes,
// arrow keys move between items.
import type { HistoryEntry, HistoryToHost } from "../../src/protocol";
import { button, h } from "../shared/dom";
import { t } from "../shared/l10n";
import { dateTime, excerpt } from "../shared/format";

/** "1 gpt4 · 2 claude · 3 llama …" */
export function compactRanking(ranking: HistoryEntry["ranking"], max = 3): string {
  const shown = ranking.slice(0, max).map((r) => `${r.rank} ${r.model}`);
  return shown.join(" · ") + (ranking.length > max ? " · …" : "");
}

export function renderHistory(entries: HistoryEntry[], post: (m: HistoryToHost) => void): HTMLElement {
  const clear = button(t("Clear"), "history-clear", () => post({ type: "clear" }), { secondary: true, title: t("Remove all recent blends") });
  if (entries.length === 0) clear.setAttribute("disabled", "");
  const head = h("div", { class: "history-head" }, h("h2", { attrs: { id: "history-title" } }, t("Recent blends")), clear);
  if (entries.length === 0) {
    return h("div", { class: "history" }, head, h("p", { class: "empty", testid: "history-empty" }, t("No blends yet. Results of “Blend Answers” appear here.")));
  }
  const list = h("ul", { class: "history-list", testid: "history-list", attrs: { "aria-labelledby": "history-title" } }, ...entries.map((e) => renderItem(e, post)));
  list.addEventListener("keydown", (ev) => onKey(list, ev, post));
  return h("div", { class: "history" }, head, h("p", { class: "hint", attrs: { id: "history-hint" } }, t("Enter opens a blend, E exports it, Delete removes it.")), list);
}

/** A small button inside an item; its click does not also open the blend. Not a tab stop: the item's keys do the same. */
function itemButton(action: "delete" | "export", glyph: string, title: string, ariaLabel: string, onClick: () => void): HTMLElement {
  return h(
    "button",
    {
      class: `icon-button ${action}`,
      testid: `history-${action}`,
      attrs: { type: "button", title, "aria-label": ariaLabel, tabindex: -1 },
      on: {
        click: (ev) => {
          ev.stopPropagation();
          onClick();
        },
      },
    },
    glyph,
  );
}

function renderItem(e: HistoryEntry, post: (m: HistoryToHost) => void): HTMLElement {
  const open = () => post({ type: "open", blendId: e.blendId });
  const label = (e.partial ? t("{0}, {1}, ranking {2}, partial result", excerpt(e.prompt, 80), dateTime(e.createdAt), compactRanking(e.ranking, 8)) : t("{0}, {1}, ranking {2}", excerpt(e.prompt, 80), dateTime(e.createdAt), compactRanking(e.ranking, 8)));
  const del = itemButton("delete", "✕", t("Delete this blend"), t("Delete blend: {0}", excerpt(e.prompt, 40)), () => post({ type: "delete", blendId: e.blendId }));
  const exp = itemButton("export", "⤓", t("Export this blend…"), t("Export blend: {0}", excerpt(e.prompt, 40)), () => post({ type: "export", blendId: e.blendId }));
  return h(
    "li",
    {
      class: "history-item" + (e.partial ? " partial" : ""),
      testid: "history-item",
      attrs: { tabindex: 0, "aria-label": label, "aria-describedby": "history-hint", "data-blend-id": e.blendId },
      on: { click: open },
    },
    h("div", { class: "item-top" }, h("span", { class: "item-prompt", testid: "history-prompt" }, excerpt(e.prompt, 120) || t("(no prompt)")), exp, del),
    h("div", { class: "item-ranking", testid: "history-ranking" }, compactRanking(e.ranking)),
    h(
      "div",
      { class: "item-meta" },
      h("span", {}, `${dateTime(e.createdAt)} · ${e.sourceLabel}`),
      e.fuser ? h("span", {}, t("fused: {0}", e.fuser)) : null,
      e.partial ? h("span", { class: "partial-badge", testid: "history-partial", attrs: { title: t("Some answers or endpoints failed") } }, t("partial")) : null,
    ),
  );
}

function onKey(list: HTMLElement, ev: KeyboardEvent, post: (m: HistoryToHost) => void): void {
  const item = (ev.target as HTMLElement).closest<HTMLElement>("[data-testid=history-item]");
  if (!item || ev.target !== item) return;
  const id = item.dataset.blendId ?? "";
  const items = Array.from(list.querySelectorAll<HTMLElement>("[data-testid=history-item]"));
  const i = items.indexOf(item);
  switch (ev.key) {
    case "Enter":
    case " ":
      post({ type: "open", blendId: id });
      break;
    case "Delete":
    case "Backspace":
      post({ type: "delete", blendId: id });
      break;
    case "e":
    case "E":
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      post({ type: "export", blendId: id });
      break;
    case "ArrowDown":
      items[Math.min(items.length - 1, i + 1)]?.focus();
      break;
    case "ArrowUp":
      items[Math.max(0, i - 1)]?.focus();
      break;
    case "Home":
      items[0]?.focus();
      break;
    case "End":
      items[items.length - 1]?.focus();
      break;
    default:
      return;
  }
  ev.preventDefault();
}
