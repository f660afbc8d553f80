// Answers streaming in from the endpoints while a blend collects them: one small card per
// endpoint sample with its state and the end of its text so far. Gone once the blend arrives.
import type { LiveAnswer } from "../../src/core/endpoints/live-answers";
import { withoutSubject } from "../../src/core/issues";
import { modelOfSample } from "../../src/core/chat/sample-names";
import { h } from "../shared/dom";
import { t } from "../shared/l10n";
import { latency } from "../shared/format";

/** Only the end of a long answer is shown while it streams: the newest words are what moves. */
export const LIVE_TAIL_CHARS = 600;

function stateLabel(a: LiveAnswer): string {
  switch (a.state) {
    case "waiting":
      return t("waiting…");
    case "retrying":
      return t("retrying · attempt {0} failed", a.retry?.attempt ?? 1);
    case "streaming":
      return t("writing… {0} chars", a.text.length);
    case "done":
      return a.latencyMs !== undefined ? t("done · {0} chars · {1}", a.text.length, latency(a.latencyMs)) : t("done · {0} chars", a.text.length);
    case "failed":
      return t("failed");
  }
}

/** The model (or endpoint) of a sample: its name without the `#k` of a k-th sample; the card already names it. */
function reason(a: LiveAnswer, message: string): string {
  return withoutSubject(message, modelOfSample(a.name));
}

function tail(text: string): string {
  const chars = Array.from(text);
  return chars.length <= LIVE_TAIL_CHARS ? text : "…" + chars.slice(-LIVE_TAIL_CHARS).join("");
}

/** `previous`: a blend is shown below (the one before these answers). */
export function renderLive(answers: LiveAnswer[], previous = false): HTMLElement {
  const finished = answers.filter((a) => a.state === "done" || a.state === "failed").length;
  return h(
    "section",
    { class: "live", testid: "live", attrs: { "aria-labelledby": "live-title" } },
    h("div", { class: "section-head" }, h("h2", { attrs: { id: "live-title" } }, t("Answers arriving")), h("span", { class: "live-count" }, t("{0} of {1} finished", finished, answers.length))),
    h(
      "ul",
      { class: "live-list" },
      ...answers.map((a) =>
        h(
          "li",
          { class: `live-answer ${a.state}`, testid: "live-answer", attrs: { "data-name": a.name, "data-state": a.state } },
          h("div", { class: "live-head" }, h("span", { class: "live-name" }, a.name), h("span", { class: "live-state", testid: "live-state" }, stateLabel(a))),
          a.state === "failed"
            ? h("p", { class: "live-error", testid: "live-error" }, reason(a, a.error ?? ""))
            : a.state === "retrying"
              ? h("p", { class: "live-retry", testid: "live-retry" }, reason(a, a.retry?.reason ?? ""))
              : a.text
              ? h("div", { class: "live-text" }, h("span", { testid: "live-text" }, tail(a.text)))
              : null,
        ),
      ),
    ),
    previous ? h("p", { class: "live-previous", testid: "live-previous" }, t("Below: the previous blend, until these answers are ranked.")) : null,
  );
}
