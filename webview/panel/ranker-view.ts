// One line under the prompt saying which ranker decided the order. For the builtin ranker it
// says what that ranker can and cannot see, with "Rank with a chat model…" one click away.
import type { BlendRecord, RankerChoice } from "../../src/protocol";
import { button, h } from "../shared/dom";
import { t } from "../shared/l10n";

/** The ranker that ranked (the record's rank is authoritative) and how it was chosen. */
function choiceOf(blend: BlendRecord): RankerChoice {
  const used = blend.result.rank.ranker;
  const c = blend.rankerChoice;
  return c && c.used === used ? c : { setting: c?.setting ?? used, used, ...(c?.judge ? { judge: c.judge } : {}) };
}

export function rankerSentence(blend: BlendRecord): string {
  const c = choiceOf(blend);
  const auto = c.setting === "auto";
  switch (c.used) {
    case "judge":
      if (!c.judge) return t("Ranked by a judge model, which compared the answers in both orders.");
      return auto ? t("Ranked by the judge model {0} (ranker auto), which compared the answers in both orders.", c.judge) : t("Ranked by the judge model {0}, which compared the answers in both orders.", c.judge);
    case "builtin": {
      const what = t("Ranked by the builtin ranker: it judges style and length, not correctness.");
      if (c.fallback === "unavailable" && c.judge) return `${what} ${t("The judge model {0} is not available.", c.judge)}`;
      if (c.fallback === "no-judge") return `${what} ${t("No judge model is chosen.")}`;
      return what;
    }
    default:
      return t("Ranked by the {0} ranker.", c.used);
  }
}

export function renderRankerNote(blend: BlendRecord, busy: boolean, onRankWithModel: () => void): HTMLElement {
  const c = choiceOf(blend);
  const builtin = c.used === "builtin";
  const action = builtin
    ? button(t("Rank with a chat model…"), "rank-with-model", onRankWithModel, { secondary: true, title: t("Choose a judge model, then rank these answers again with it") })
    : null;
  if (action && (busy || blend.fusing)) action.setAttribute("disabled", "");
  return h(
    "section",
    { class: "ranker-note" + (builtin ? " builtin" : ""), testid: "ranker-note", attrs: { "data-ranker": c.used, "aria-label": t("Ranker") } },
    h("span", { class: "ranker-text", testid: "ranker-text" }, rankerSentence(blend)),
    action,
  );
}
