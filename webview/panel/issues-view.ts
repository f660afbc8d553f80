// Partial results: what was skipped (bad files, failed endpoints, a fuser error) and why.
import type { BlendIssue } from "../../src/core/types";
import { issueReason, issueSubject } from "../../src/core/issue-text";
import { h } from "../shared/dom";
import { t } from "../shared/l10n";
import type { PanelActions } from "./actions";
import { logLink } from "./status-view";

export function renderIssues(issues: BlendIssue[], actions: PanelActions): HTMLElement | null {
  if (issues.length === 0) return null;
  const title = issues.length === 1 ? t("Partial result: 1 problem") : t("Partial result: {0} problems", issues.length);
  return h(
    "section",
    { class: "banner warning issues", testid: "issues", attrs: { "aria-label": title } },
    h("div", { class: "issues-head" }, h("span", { class: "banner-icon", attrs: { "aria-hidden": "true" } }, "⚠"), h("h2", {}, title), logLink(actions)),
    h(
      "ul",
      { class: "issue-list" },
      ...issues.map((i) =>
        h("li", { testid: "issue", attrs: { "data-where": i.where } }, h("code", { class: "issue-where" }, issueSubject(i)), h("span", { class: "issue-message" }, issueReason(i))),
      ),
    ),
  );
}
