// Partial results: what was skipped (bad files, failed models, a fuser error) and why, one
// line each, its subject named once; a problem that names a file has "Open File" (the host
// opens it at the line).
import type { BlendIssue } from "../../src/core/types";
import { issueReason, issueSubject } from "../../src/core/issues";
import { h } from "../shared/dom";
import { t } from "../shared/l10n";
import type { PanelActions } from "./actions";
import { logLink } from "./status-view";

function issueRow(i: BlendIssue, actions: PanelActions): HTMLElement {
  const where = issueSubject(i);
  const reason = issueReason(i);
  // One place, said once: a message that starts with its place loses that start.
  const repeats = where !== "" && reason.toLowerCase().startsWith(where.toLowerCase());
  const message = repeats ? reason.slice(where.length).replace(/^[\s:]+/, "") || reason : reason;
  const file = i.file;
  const open = file
    ? h(
        "button",
        {
          class: "link-button issue-open",
          testid: "issue-open",
          attrs: { type: "button", title: i.line !== undefined ? t("Open {0} at line {1}", file, i.line) : t("Open {0}", file) },
          on: { click: () => actions.post({ type: "openFile", file, ...(i.line !== undefined ? { line: i.line } : {}) }) },
        },
        t("Open File"),
      )
    : null;
  return h("li", { testid: "issue", attrs: { "data-where": i.where } }, h("code", { class: "issue-where" }, where), h("span", { class: "issue-message" }, message), open);
}

export function renderIssues(issues: BlendIssue[], actions: PanelActions): HTMLElement | null {
  if (issues.length === 0) return null;
  const title = issues.length === 1 ? t("Partial result: 1 problem") : t("Partial result: {0} problems", issues.length);
  return h(
    "section",
    { class: "banner warning issues", testid: "issues", attrs: { "aria-label": title } },
    h("div", { class: "issues-head" }, h("span", { class: "banner-icon", attrs: { "aria-hidden": "true" } }, "⚠"), h("h2", {}, title), logLink(actions)),
    h("ul", { class: "issue-list" }, ...issues.map((i) => issueRow(i, actions))),
  );
}
