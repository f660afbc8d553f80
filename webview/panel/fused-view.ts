// The fused answer (streaming in while it is generated) and what to do with it.
import { button, h } from "../shared/dom";
import { t } from "../shared/l10n";
import type { PanelActions } from "./actions";
import { renderMarkdown } from "./markdown";
import { renderDiff } from "./diff-view";
import type { Candidate } from "../../src/core/types";
import type { PanelState } from "./state";

interface FusedView {
  text: string;
  /** The top-ranked answer, when the fused text differs from it (a diff against it makes sense). */
  top: Candidate | null;
  title: string;
  label: string;
  sources: string[];
  note: string | null;
  streaming: boolean;
}

/** What the fused section shows for this state, or null when there is nothing to show. */
export function fusedContent(s: PanelState): FusedView | null {
  const blend = s.blend;
  const stream = s.streaming;
  const fusing = blend?.fusing === true;
  const streamText = stream !== null && (blend === null || blend.blendId === stream.blendId || s.busy) ? stream.text : null;
  if (fusing || (streamText !== null && (s.busy || !blend?.result.fused))) {
    return {
      text: streamText ?? "",
      top: null,
      title: t("Fused answer"),
      label: s.busy ? t("generating…") : t("stopped before the end"),
      sources: [],
      note: null,
      streaming: s.busy,
    };
  }
  if (!blend) return null;
  const { fused, top } = blend.result;
  if (fused?.unchanged) {
    // The fuser found nothing worth adding: no fusion is presented, answer #1 is.
    return {
      text: top.text,
      top: null,
      title: t("Top-ranked answer"),
      label: t("{0}: no additions — answer #1 as is", fused.label),
      sources: [],
      note: t("None of the other answers adds anything that answer #1 ({0}) lacks.", top.model),
      streaming: false,
    };
  }
  if (fused) {
    return { text: fused.text, top: fused.text.trim() !== top.text.trim() ? top : null, title: t("Fused answer"), label: t("{0} · top {1}", fused.label, fused.topK), sources: fused.sources, note: null, streaming: false };
  }
  return {
    text: top.text,
    top: null,
    title: t("Top-ranked answer"),
    label: top.model,
    sources: [],
    note: t("No fusion was made for this blend: this is the answer ranked first."),
    streaming: false,
  };
}

/** Briefly changes a button's label to confirm the action (the host does the real work). */
function flash(el: HTMLElement, label: string): void {
  const original = el.textContent ?? "";
  el.textContent = label;
  setTimeout(() => (el.textContent = original), 1500);
}

export function renderFused(s: PanelState, actions: PanelActions): HTMLElement | null {
  const view = fusedContent(s);
  if (!view) return null;
  const body = h("div", { class: "markdown fused-text" + (view.streaming ? " streaming" : ""), testid: "fused-text", attrs: { "aria-live": view.streaming ? "off" : undefined } });
  const showDiff = s.fusedDiff && view.top !== null;
  if (showDiff && view.top) body.append(renderDiff(view.top, view.text, "fused-diff-view"));
  else if (view.text) body.append(renderMarkdown(view.text));
  else if (view.streaming) body.append(h("p", { class: "note" }, t("Waiting for the fuser’s first words…")));
  const disabled = view.streaming || view.text.length === 0;
  const buttons = [
    button(t("Insert at cursor"), "insert-cursor", () => actions.post({ type: "insert", text: view.text, mode: "cursor" })),
    button(t("Replace selection"), "replace-selection", () => actions.post({ type: "insert", text: view.text, mode: "replace" }), { secondary: true }),
    button(t("Copy"), "copy", () => {
      actions.post({ type: "copy", text: view.text });
      flash(buttons[2], t("Copied"));
    }, { secondary: true }),
    button(t("Open in new editor"), "open-editor", () => actions.post({ type: "openInEditor", text: view.text }), { secondary: true }),
  ];
  if (disabled) for (const b of buttons) b.setAttribute("disabled", "");
  if (view.top) {
    buttons.push(
      button(showDiff ? t("Show fused answer") : t("Changes vs #1"), "fused-diff", () => actions.toggleFusedDiff(), {
        secondary: true,
        title: showDiff ? t("Show the fused answer") : t("Show what the fusion changed in {0}'s answer", view.top.model),
      }),
    );
  }
  return h(
    "section",
    { class: "fused", testid: "fused", attrs: { "aria-labelledby": "fused-title", "aria-busy": view.streaming ? "true" : undefined } },
    h(
      "div",
      { class: "section-head" },
      h("h2", { attrs: { id: "fused-title" } }, view.title),
      h("span", { class: "fused-label", testid: "fused-label" }, view.streaming ? h("vscode-progress-ring", { class: "ring small" }) : null, view.label),
    ),
    view.sources.length > 0
      ? h("div", { class: "sources", testid: "fused-sources" }, t("From") + " ", ...view.sources.flatMap((m, i) => [i > 0 ? ", " : "", h("span", { class: "chip" }, m)]))
      : null,
    view.note ? h("p", { class: "note", testid: "fused-note" }, view.note) : null,
    body,
    h("div", { class: "actions" }, ...buttons),
  );
}
