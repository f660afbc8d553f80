// The pairwise matrix: P(row beats column) = σ(logit) as numbers, with a heatmap as an extra cue,
// headers for screen readers, details on hover/focus and arrow-key navigation between cells.
import type { RankResult } from "../../src/core/types";
import { h } from "../shared/dom";
import { t } from "../shared/l10n";
import { fixed, sigmoid } from "../shared/format";

export interface CellInfo {
  row: string;
  col: string;
  logit: number | null;
  diagonal: boolean;
}

export function describeCell(c: CellInfo): string {
  if (c.diagonal) return t("{0} vs itself", c.row);
  if (c.logit === null) return t("{0} vs {1}: not compared", c.row, c.col);
  return t("{0} vs {1}: {2}, logit {3}", c.row, c.col, fixed(sigmoid(c.logit)), fixed(c.logit));
}

function cellClass(p: number): string {
  if (p >= 0.55) return "win";
  if (p <= 0.45) return "loss";
  return "even";
}

/** `onCompare(a, b)`: the user picked the cell of answers a (row) and b (column), candidate indices. */
export function renderMatrix(rank: RankResult, onCompare: (a: number, b: number) => void): HTMLElement {
  const order = rank.ranking;
  const compared = rank.matrix.flat().filter((x) => x !== null).length;
  const n = order.length;
  // The keyboard starts on the first comparison (#1 vs #2), not on "#1 vs itself".
  const start = firstComparison(rank);
  const details = h("p", { class: "matrix-details", testid: "matrix-details", attrs: { "aria-live": "polite" } }, t("Hover or focus a cell for details; click it or press Enter to compare the two answers side by side."));

  const head = h(
    "tr",
    {},
    h("td", { class: "corner" }, h("span", { class: "corner-label" }, t("row beats column"))),
    ...order.map((r) => h("th", { testid: "matrix-col", attrs: { scope: "col", title: r.model } }, h("span", { class: "header-rank" }, `#${r.rank}`), h("span", { class: "header-model" }, r.model))),
  );
  const rows = order.map((ri, y) =>
    h(
      "tr",
      {},
      h("th", { testid: "matrix-row", attrs: { scope: "row", title: ri.model } }, h("span", { class: "header-rank" }, `#${ri.rank}`), h("span", { class: "header-model" }, ri.model)),
      ...order.map((cj, x) => {
        const diagonal = ri.candidate === cj.candidate;
        const logit = diagonal ? null : rank.matrix[ri.candidate]?.[cj.candidate] ?? null;
        const label = describeCell({ row: ri.model, col: cj.model, logit, diagonal });
        const td = h("td", {
          testid: "matrix-cell",
          attrs: { "data-row": ri.model, "data-col": cj.model, "data-a": ri.candidate, "data-b": cj.candidate, "data-x": x, "data-y": y, "aria-label": label, title: label, tabindex: x === start.x && y === start.y ? 0 : -1 },
        });
        if (diagonal) {
          td.className = "cell diagonal";
          td.append(h("span", { attrs: { "aria-hidden": "true" } }, "—"));
        } else if (logit === null) {
          td.className = "cell not-compared";
          td.dataset.empty = "true";
        } else {
          const p = sigmoid(logit);
          td.className = `cell ${cellClass(p)}`;
          td.style.setProperty("--strength", fixed(Math.abs(p - 0.5) * 2, 3));
          td.append(fixed(p));
        }
        return td;
      }),
    ),
  );

  const table = h(
    "table",
    { class: "matrix", testid: "matrix" },
    h("caption", { class: "visually-hidden" }, t("Probability that the row answer beats the column answer")),
    h("thead", {}, head),
    h("tbody", {}, ...rows),
  );
  const show = (ev: Event) => {
    const cell = (ev.target as HTMLElement).closest("td.cell");
    if (cell) details.textContent = cell.getAttribute("aria-label");
  };
  table.addEventListener("focusin", show);
  table.addEventListener("mouseover", show);
  const compare = (ev: Event) => {
    const cell = (ev.target as HTMLElement).closest<HTMLElement>("td.cell");
    if (!cell || cell.classList.contains("diagonal")) return;
    onCompare(Number(cell.dataset.a), Number(cell.dataset.b));
  };
  table.addEventListener("click", compare);
  table.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      compare(ev);
    } else moveFocus(table, ev, n);
  });

  const note =
    compared < n * (n - 1)
      ? t("The {0} plan compared {1} of {2} ordered pairs; hatched cells were not compared.", rank.plan, compared, n * (n - 1))
      : t("All {0} ordered pairs compared.", n * (n - 1));
  return h(
    "section",
    { class: "matrix-section", testid: "matrix-section", attrs: { "aria-labelledby": "matrix-title" } },
    h("div", { class: "section-head" }, h("h2", { attrs: { id: "matrix-title" } }, t("Pairwise matrix"))),
    h("p", { class: "note" }, t("Each cell is P(row beats column) = σ(logit) from the ranker.") + " ", note),
    h("div", { class: "matrix-scroll" }, table),
    h(
      "div",
      { class: "legend", attrs: { "aria-hidden": "true" } },
      h("span", { class: "legend-item" }, h("span", { class: "swatch loss" }), t("row loses")),
      h("span", { class: "legend-item" }, h("span", { class: "swatch even" }), t("about even")),
      h("span", { class: "legend-item" }, h("span", { class: "swatch win" }), t("row wins")),
      h("span", { class: "legend-item" }, h("span", { class: "swatch not-compared" }), t("not compared")),
    ),
    details,
  );
}

/** Position (in rank order) of the first compared pair, row by row; the first off-diagonal cell when none was compared. */
export function firstComparison(rank: RankResult): { x: number; y: number } {
  const order = rank.ranking;
  let fallback: { x: number; y: number } | null = null;
  for (let y = 0; y < order.length; y++) {
    for (let x = 0; x < order.length; x++) {
      if (x === y) continue;
      fallback ??= { x, y };
      if (rank.matrix[order[y].candidate]?.[order[x].candidate] != null) return { x, y };
    }
  }
  return fallback ?? { x: 0, y: 0 };
}

/** Roving tabindex: arrow keys, Home and End move between the cells. */
function moveFocus(table: HTMLElement, ev: KeyboardEvent, n: number): void {
  const cell = (ev.target as HTMLElement).closest<HTMLElement>("td.cell");
  if (!cell) return;
  let x = Number(cell.dataset.x);
  let y = Number(cell.dataset.y);
  switch (ev.key) {
    case "ArrowRight": x = Math.min(n - 1, x + 1); break;
    case "ArrowLeft": x = Math.max(0, x - 1); break;
    case "ArrowDown": y = Math.min(n - 1, y + 1); break;
    case "ArrowUp": y = Math.max(0, y - 1); break;
    case "Home": x = 0; break;
    case "End": x = n - 1; break;
    default: return;
  }
  ev.preventDefault();
  const next = table.querySelector<HTMLElement>(`td.cell[data-x="${x}"][data-y="${y}"]`);
  if (!next) return;
  cell.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}
