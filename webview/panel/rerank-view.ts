// Re-rank the same answers with another comparison plan or aggregator (no new collection).
import type { AggregatorName, PlanName } from "../../src/core/types";
import { button, h } from "../shared/dom";
import { t } from "../shared/l10n";

const PLANS = (): Array<[PlanName, string]> => [
  ["full", t("full — every ordered pair")],
  ["bubble", t("bubble — one pass")],
  ["knockout", t("knockout — tournament")],
  ["topk", t("topk — find the best K")],
];
const AGGREGATORS: Array<[AggregatorName, string]> = [
  ["max-logits", "max-logits"],
  ["max-wins", "max-wins"],
  ["copeland", "copeland"],
  ["bradley-terry", "bradley-terry"],
];

export interface RerankChoice {
  plan: PlanName;
  aggregate: AggregatorName;
}

function dropdown<T extends string>(testid: string, label: string, options: Array<[T, string]>, value: T, onChange: (v: T) => void, disabled: boolean): HTMLElement {
  const id = `${testid}-label`;
  const dd = h(
    "vscode-dropdown",
    { testid, attrs: { "aria-labelledby": id, disabled, position: "below" } },
    ...options.map(([v, text]) => h("vscode-option", { attrs: { value: v, selected: v === value } }, text)),
  );
  dd.addEventListener("change", () => {
    const v = (dd as HTMLElement & { value: string }).value;
    const known = options.find(([o]) => o === v);
    if (known) onChange(known[0]);
  });
  return h("div", { class: "field" }, h("span", { class: "field-label", attrs: { id } }, label), dd);
}

export function renderRerank(choice: RerankChoice, busy: boolean, onChoose: (c: RerankChoice) => void, onRerank: () => void): HTMLElement {
  let current = { ...choice };
  const run = button(t("Re-rank"), "rerank", onRerank, { secondary: true, title: t("Rank the same answers again with this plan and aggregator") });
  if (busy) run.setAttribute("disabled", "");
  return h(
    "div",
    { class: "rerank", testid: "rerank-controls" },
    dropdown("rerank-plan", t("Plan"), PLANS(), choice.plan, (plan) => onChoose((current = { ...current, plan })), busy),
    dropdown("rerank-aggregate", t("Aggregator"), AGGREGATORS, choice.aggregate, (aggregate) => onChoose((current = { ...current, aggregate })), busy),
    run,
  );
}
