// Ranked answer cards: rank, model, scores, cost, the answer (Markdown) or its diff against #1.
import type { BlendRecord } from "../../src/protocol";
import type { Candidate, RankedCandidate } from "../../src/core/types";
import { button, h } from "../shared/dom";
import { excerpt, fixed, latency } from "../shared/format";
import type { PanelActions } from "./actions";
import { diffWords, similarity } from "./diff";
import { renderMarkdown } from "./markdown";

export interface CardOptions {
  collapsed: boolean;
  showDiff: boolean;
}

function stats(r: RankedCandidate, c: Candidate, aggregate: string): HTMLElement {
  const items: Array<[string, string, string?]> = [["score", fixed(r.score), `aggregated score (${aggregate})`]];
  if (r.strength !== undefined) items.push(["strength", fixed(r.strength), "Bradley–Terry strength"]);
  else items.push(["wins", String(r.wins), "pairwise wins (both orders counted)"]);
  const m = c.meta ?? {};
  if (m.latencyMs !== undefined) items.push(["latency", latency(m.latencyMs)]);
  if (m.promptTokens !== undefined || m.completionTokens !== undefined) {
    items.push(["tokens", `${m.promptTokens ?? "?"} → ${m.completionTokens ?? "?"}`, "prompt tokens → completion tokens"]);
  }
  if (m.finishReason && m.finishReason !== "stop") items.push(["finish", m.finishReason]);
  return h(
    "dl",
    { class: "stats", testid: "card-stats" },
    ...items.map(([k, v, title]) => h("div", { class: "stat", attrs: { title } }, h("dt", {}, k), h("dd", { attrs: { "data-stat": k } }, v))),
  );
}

function source(c: Candidate): string | null {
  const m = c.meta ?? {};
  if (m.endpoint) return `endpoint ${m.endpoint}`;
  if (m.file) return m.file;
  return null;
}

function renderDiff(base: Candidate, other: Candidate): HTMLElement {
  const parts = diffWords(base.text, other.text);
  if (!parts) return h("p", { class: "note", testid: "card-diff-view" }, "These answers are too long to diff word by word.");
  const pct = Math.round(similarity(parts) * 100);
  return h(
    "div",
    { class: "diff", testid: "card-diff-view" },
    h(
      "p",
      { class: "diff-legend" },
      `Compared with #1 (${base.model}): ${pct}% of the words are shared. `,
      h("del", {}, "removed"),
      " ",
      h("ins", {}, "added"),
    ),
    h(
      "div",
      { class: "diff-text" },
      ...parts.map((p) => (p.kind === "same" ? p.text : h(p.kind === "add" ? "ins" : "del", {}, p.text))),
    ),
  );
}

export function renderCard(blend: BlendRecord, r: RankedCandidate, opts: CardOptions, actions: PanelActions): HTMLElement {
  const { example, rank } = blend.result;
  const c = example.candidates[r.candidate];
  const top = example.candidates[rank.ranking[0].candidate];
  const isTop = r.candidate === rank.ranking[0].candidate;
  const bodyId = `card-body-${r.candidate}`;
  const titleId = `card-title-${r.candidate}`;
  const from = source(c);

  const body = h("div", { class: "card-body", testid: "card-body", attrs: { id: bodyId, hidden: opts.collapsed } });
  if (opts.showDiff && !isTop) body.append(renderDiff(top, c));
  else body.append(h("div", { class: "markdown", testid: "card-text" }, renderMarkdown(c.text)));

  const toggle = h(
    "button",
    {
      class: "icon-button card-toggle",
      testid: "card-toggle",
      attrs: { type: "button", "aria-expanded": String(!opts.collapsed), "aria-controls": bodyId, title: opts.collapsed ? "Expand" : "Collapse" },
      on: { click: () => actions.toggleCollapsed(r.candidate) },
    },
    h("span", { class: "chevron", attrs: { "aria-hidden": "true" } }, opts.collapsed ? "▸" : "▾"),
    h("span", { class: "visually-hidden" }, `${opts.collapsed ? "Expand" : "Collapse"} ${c.model}`),
  );

  const actionsRow = h("div", { class: "card-actions" });
  if (!isTop) {
    actionsRow.append(
      button(opts.showDiff ? "Show answer" : "Diff vs #1", "card-diff", () => actions.toggleDiff(r.candidate), {
        secondary: true,
        title: opts.showDiff ? `Show ${c.model}'s answer` : `Show the words that differ from ${top.model}'s answer`,
      }),
    );
  }
  actionsRow.append(button("Use this answer", "use-answer", () => actions.post({ type: "insert", text: c.text, mode: "cursor" }), { secondary: true, title: `Insert ${c.model}'s answer at the cursor` }));

  return h(
    "article",
    {
      class: "card" + (isTop ? " top" : "") + (opts.collapsed ? " collapsed" : ""),
      testid: "card",
      attrs: { "data-rank": r.rank, "data-model": r.model, "data-candidate": r.candidate, "aria-labelledby": titleId },
    },
    h(
      "div",
      { class: "card-head" },
      toggle,
      h("span", { class: "rank-badge", testid: "card-rank", attrs: { "aria-label": `rank ${r.rank}` } }, `#${r.rank}`),
      h("div", { class: "card-title" }, h("h3", { attrs: { id: titleId } }, c.model), from ? h("span", { class: "card-source", attrs: { title: from } }, from) : null),
      stats(r, c, rank.aggregate),
    ),
    opts.collapsed ? h("p", { class: "card-preview", testid: "card-preview" }, excerpt(renderMarkdown(c.text).textContent ?? "", 160)) : null,
    body,
    opts.collapsed ? null : actionsRow,
  );
}

export function renderCards(blend: BlendRecord, cardOptions: (candidate: number) => CardOptions, actions: PanelActions, controls: HTMLElement): HTMLElement {
  const ranking = blend.result.rank.ranking;
  return h(
    "section",
    { class: "ranking", testid: "ranking", attrs: { "aria-labelledby": "ranking-title" } },
    h("div", { class: "section-head" }, h("h2", { attrs: { id: "ranking-title" } }, "Ranked answers"), controls),
    h("div", { class: "cards" }, ...ranking.map((r) => renderCard(blend, r, cardOptions(r.candidate), actions))),
  );
}
