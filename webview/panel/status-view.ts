// Busy state: progress bar, spinner and Cancel; and the error banner with its log link.
import type { ProgressEvent } from "../../src/core/types";
import { button, h } from "../shared/dom";
import { t } from "../shared/l10n";
import type { PanelActions } from "./actions";
import type { PanelState } from "./state";

const STAGE = (): Record<ProgressEvent["stage"], string> => ({
  load: t("Loading the ranker"),
  collect: t("Asking models"),
  rank: t("Ranking"),
  fuse: t("Fusing"),
  download: t("Downloading the model"),
  eval: t("Evaluating"),
});

export function progressText(p: ProgressEvent): string {
  const count = p.total > 0 ? ` ${p.done}/${p.total}` : "";
  return `${STAGE()[p.stage] ?? p.stage}${count}${p.message ? ` · ${p.message}` : ""}`;
}

export function renderStatus(s: PanelState, actions: PanelActions): HTMLElement {
  const wrap = h("div", { class: "status" });
  if (s.busy) {
    const p = s.progress;
    const fraction = p && p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : null;
    const bar = h("div", {
      class: "progress" + (fraction === null ? " indeterminate" : ""),
      testid: "progress",
      attrs: {
        role: "progressbar",
        "aria-label": t("Blend progress"),
        "aria-valuemin": 0,
        "aria-valuemax": p && p.total > 0 ? p.total : undefined,
        "aria-valuenow": p && p.total > 0 ? p.done : undefined,
        "aria-valuetext": p ? progressText(p) : s.busyMessage ?? t("Working"),
      },
    }, h("div", { class: "progress-fill" }));
    if (fraction !== null) bar.style.setProperty("--fraction", String(fraction));
    wrap.append(
      h(
        "div",
        { class: "busy-row" },
        h("vscode-progress-ring", { class: "ring" }),
        // The run's title (with the requests it sends to chat models) stays while its progress changes under it.
        h(
          "div",
          { class: "busy-lines" },
          s.busyMessage ? h("span", { class: "busy-title", testid: "busy-title" }, s.busyMessage) : null,
          p || !s.busyMessage ? h("span", { class: "busy-text", testid: "progress-text" }, p ? progressText(p) : t("Working…")) : null,
        ),
        button(t("Cancel"), "cancel", () => actions.post({ type: "cancel" }), { secondary: true }),
      ),
      bar,
    );
  }
  if (s.error) {
    wrap.append(
      h(
        "div",
        { class: "banner error", testid: "error", attrs: { role: "alert" } },
        h("span", { class: "banner-icon", attrs: { "aria-hidden": "true" } }, "⚠"),
        h("span", { class: "banner-text" }, s.error),
        logLink(actions),
      ),
    );
  }
  return wrap;
}

export function logLink(actions: PanelActions): HTMLElement {
  return h("button", { class: "link-button", testid: "show-log", attrs: { type: "button" }, on: { click: () => actions.post({ type: "showLog" }) } }, t("Show log"));
}
