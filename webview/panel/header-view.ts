// The prompt the answers respond to, and one line about where the blend came from.
import type { BlendRecord } from "../../src/protocol";
import { dateTime } from "../shared/format";
import { button, h } from "../shared/dom";

export function renderHeader(blend: BlendRecord, onExport: () => void): HTMLElement {
  const { example, rank } = blend.result;
  const facts = [
    blend.sourceLabel,
    `${example.candidates.length} answers`,
    `ranker ${rank.ranker}`,
    `plan ${rank.plan}`,
    `aggregator ${rank.aggregate}`,
    `${rank.comparisons} comparisons` + (rank.cacheHits > 0 ? ` (${rank.cacheHits} cached)` : ""),
    dateTime(blend.createdAt),
  ];
  const exportButton = button("Export…", "export", onExport, { secondary: true, title: "Export this blend as Markdown, JSON or a blend-set record" });
  if (blend.fusing) exportButton.setAttribute("disabled", "");
  return h(
    "header",
    { class: "prompt-section" },
    h("div", { class: "header-top" }, h("div", { class: "eyebrow" }, "Prompt"), exportButton),
    h("h1", { class: "prompt", testid: "prompt" }, example.instruction || "(no instruction)"),
    example.input ? h("div", { class: "prompt-input", testid: "prompt-input" }, example.input) : null,
    h("ul", { class: "facts", testid: "facts", attrs: { "aria-label": "About this blend" } }, ...facts.map((f) => h("li", {}, f))),
  );
}
