// A word diff of a text against the top-ranked answer, with the share of words they have in common.
import type { Candidate } from "../../src/core/types";
import { h } from "../shared/dom";
import { t } from "../shared/l10n";
import { diffWords, similarity } from "./diff";

export function renderDiff(top: Candidate, text: string, testid: string): HTMLElement {
  const parts = diffWords(top.text, text);
  if (!parts) return h("p", { class: "note", testid }, t("These answers are too long to diff word by word."));
  const pct = Math.round(similarity(parts) * 100);
  return h(
    "div",
    { class: "diff", testid },
    h(
      "p",
      { class: "diff-legend" },
      t("Compared with #1 ({0}): {1}% of the words are shared.", top.model, pct) + " ",
      h("del", {}, t("removed")),
      " ",
      h("ins", {}, t("added")),
    ),
    h(
      "div",
      { class: "diff-text" },
      ...parts.map((p) => (p.kind === "same" ? p.text : h(p.kind === "add" ? "ins" : "del", {}, p.text))),
    ),
  );
}
