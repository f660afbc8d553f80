// The prompt the answers respond to, and one line about where the blend came from.
import type { BlendRecord } from "../../src/protocol";
import { dateTime } from "../shared/format";
import { button, h } from "../shared/dom";
import { t } from "../shared/l10n";
import { promptParts } from "./prompt-parts";

function renderPrompt(instruction: string): HTMLElement[] {
  const p = promptParts(instruction);
  const heading = h("h1", { class: "prompt", testid: "prompt" }, p.title || t("(no instruction)"));
  if (!p.rest) return [heading];
  const rest = h("div", { class: "prompt-rest", testid: "prompt-rest" }, p.rest);
  if (!p.folded) return [heading, rest];
  return [heading, h("details", { class: "prompt-full", testid: "prompt-full" }, h("summary", {}, t("Whole prompt ({0} lines)", p.lines)), rest)];
}

/** The panel's sections the header links to: the id of each one's heading and its label. */
export const SECTIONS = (blend: BlendRecord): Array<{ id: string; label: string }> => [
  { id: "fused-title", label: blend.result.fused && !blend.result.fused.unchanged ? t("Fused answer") : t("Top-ranked answer") },
  { id: "ranking-title", label: t("Ranked answers") },
  { id: "matrix-title", label: t("Pairwise matrix") },
];

/** Buttons that bring a section into view and move the focus to its heading (the matrix sits below every card). */
function sectionNav(blend: BlendRecord): HTMLElement {
  const jump = (id: string) => {
    const heading = document.getElementById(id);
    if (!heading) return;
    heading.setAttribute("tabindex", "-1");
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  };
  return h(
    "nav",
    { class: "section-nav", testid: "section-nav", attrs: { "aria-label": t("Sections") } },
    ...SECTIONS(blend).map((s) => h("button", { class: "link-button", testid: `jump-${s.id.replace(/-title$/, "")}`, attrs: { type: "button" }, on: { click: () => jump(s.id) } }, s.label)),
  );
}

export function renderHeader(blend: BlendRecord, onExport: () => void): HTMLElement {
  const { example, rank } = blend.result;
  const facts = [
    blend.sourceLabel,
    t("{0} answers", example.candidates.length),
    t("ranker {0}", rank.ranker),
    t("plan {0}", rank.plan),
    t("aggregator {0}", rank.aggregate),
    rank.cacheHits > 0 ? t("{0} comparisons ({1} cached)", rank.comparisons, rank.cacheHits) : t("{0} comparisons", rank.comparisons),
    dateTime(blend.createdAt),
  ];
  const exportButton = button(t("Export…"), "export", onExport, { secondary: true, title: t("Export this blend as Markdown, JSON or a blend-set record") });
  if (blend.fusing) exportButton.setAttribute("disabled", "");
  return h(
    "header",
    { class: "prompt-section" },
    h("div", { class: "header-top" }, h("div", { class: "eyebrow" }, t("Prompt")), exportButton),
    ...renderPrompt(example.instruction),
    example.input ? h("div", { class: "prompt-input", testid: "prompt-input" }, example.input) : null,
    h("ul", { class: "facts", testid: "facts", attrs: { "aria-label": t("About this blend") } }, ...facts.map((f) => h("li", {}, f))),
    sectionNav(blend),
  );
}
