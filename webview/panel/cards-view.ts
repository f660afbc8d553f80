// Ranked answer cards: rank, model, scores, cost, the answer (Markdown) or its diff against #1.
import type { BlendRecord } from "../../src/protocol";
import type { Candidate, RankedCandidate } from "../../src/core/types";
import { button, h } from "../shared/dom";
import { t } from "../shared/l10n";
import { excerpt, fixed, latency } from "../shared/format";
import type { PanelActions } from "./actions";
import { renderDiff } from "./diff-view";
import { renderMarkdown } from "./markdown";

export interface CardOptions {
  collapsed: boolean;
  showDiff: boolean;
}

/** One figure of a card: a fixed key (data-stat, for tests and styles), its label, value and tooltip. */
type Stat = [key: string, label: string, value: string, title?: string];

function stats(r: RankedCandidate, c: Candidate, aggregate: string): HTMLElement {
  const items: Stat[] = [["score", t("score"), fixed(r.score), t("aggregated score ({0})", aggregate)]];
  if (r.strength !== undefined) items.push(["strength", t("strength"), fixed(r.strength), t("Bradley–Terry strength")]);
  else items.push(["wins", t("wins"), String(r.wins), t("pairwise wins (both orders counted)")]);
  const m = c.meta ?? {};
  if (m.latencyMs !== undefined) items.push(["latency", t("latency"), latency(m.latencyMs)]);
  if (m.promptTokens !== undefined || m.completionTokens !== undefined) {
    items.push(["tokens", t("tokens"), `${m.promptTokens ?? "?"} → ${m.completionTokens ?? "?"}`, t("prompt tokens → completion tokens")]);
  }
  if (m.finishReason && m.finishReason !== "stop") items.push(["finish", t("finish"), m.finishReason]);
  return h(
    "dl",
    { class: "stats", testid: "card-stats" },
    ...items.map(([key, label, value, title]) => h("div", { class: "stat", attrs: { title } }, h("dt", {}, label), h("dd", { attrs: { "data-stat": key } }, value))),
  );
}

/**
 * Where the answer came from, short (the full path is the tooltip), when its name does not say
 * it already (a model's answer is named after the model): an endpoint, or its file relative to
 * the workspace.
 */
function source(c: Candidate, labels: Record<string, string> | undefined): { text: string; title: string } | null {
  const m = c.meta ?? {};
  if (m.endpoint && (c.model === m.endpoint || c.model.startsWith(`${m.endpoint}#`))) return null;
  if (m.endpoint) return { text: t("endpoint {0}", m.endpoint), title: t("endpoint {0}", m.endpoint) };
  if (m.file) return { text: labels?.[m.file] ?? baseName(m.file), title: m.file };
  return null;
}

/** The last path segment of a path or URI, for records made before the host sent labels. */
function baseName(file: string): string {
  return file.replace(/[?#].*$/, "").split(/[\\/]/).filter(Boolean).pop() ?? file;
}

export function renderCard(blend: BlendRecord, r: RankedCandidate, opts: CardOptions, actions: PanelActions): HTMLElement {
  const { example, rank } = blend.result;
  const c = example.candidates[r.candidate];
  const top = example.candidates[rank.ranking[0].candidate];
  const isTop = r.candidate === rank.ranking[0].candidate;
  const bodyId = `card-body-${r.candidate}`;
  const titleId = `card-title-${r.candidate}`;
  const from = source(c, blend.fileLabels);

  const body = h("div", { class: "card-body", testid: "card-body", attrs: { id: bodyId, hidden: opts.collapsed } });
  if (opts.showDiff && !isTop) body.append(renderDiff(top, c.text, "card-diff-view"));
  else body.append(h("div", { class: "markdown", testid: "card-text" }, renderMarkdown(c.text)));

  const toggle = h(
    "button",
    {
      class: "icon-button card-toggle",
      testid: "card-toggle",
      attrs: { type: "button", "aria-expanded": String(!opts.collapsed), "aria-controls": bodyId, title: opts.collapsed ? t("Expand") : t("Collapse") },
      on: { click: () => actions.toggleCollapsed(r.candidate) },
    },
    h("span", { class: "chevron", attrs: { "aria-hidden": "true" } }, opts.collapsed ? "▸" : "▾"),
    h("span", { class: "visually-hidden" }, opts.collapsed ? t("Expand {0}", c.model) : t("Collapse {0}", c.model)),
  );

  const actionsRow = h("div", { class: "card-actions" });
  if (!isTop) {
    actionsRow.append(
      button(opts.showDiff ? t("Show answer") : t("Diff vs #1"), "card-diff", () => actions.toggleDiff(r.candidate), {
        secondary: true,
        title: opts.showDiff ? t("Show {0}'s answer", c.model) : t("Show the words that differ from {0}'s answer", top.model),
      }),
    );
  }
  actionsRow.append(
    button(t("Use this answer"), "use-answer", () => actions.post({ type: "insert", text: c.text, mode: "cursor" }), { secondary: true, title: t("Insert {0}'s answer at the cursor", c.model) }),
    button(t("Copy"), "card-copy", () => actions.post({ type: "copy", text: c.text }), { secondary: true, title: t("Copy {0}'s answer", c.model) }),
  );

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
      h("span", { class: "rank-badge", testid: "card-rank", attrs: { "aria-label": t("rank {0}", r.rank) } }, `#${r.rank}`),
      h("div", { class: "card-title" }, h("h3", { attrs: { id: titleId } }, c.model), from ? h("span", { class: "card-source", testid: "card-source", attrs: { title: from.title } }, from.text) : null),
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
    h("div", { class: "section-head" }, h("h2", { attrs: { id: "ranking-title" } }, t("Ranked answers")), controls),
    h("div", { class: "cards" }, ...ranking.map((r) => renderCard(blend, r, cardOptions(r.candidate), actions))),
  );
}
