// How a blend issue reads where its subject is named already (the panel's problem list and live
// view, the "partial result" notification). Core messages start with the model's own name
// ("copilot/o3: no consent (…)", `endpoint "local": HTTP 500 …`) so that they stand alone in a
// log; shown next to that name they would say it twice.
import type { BlendIssue } from "./types";

/** `message` without a leading name of the model or endpoint `id` ("id: …" or `endpoint "id": …`). */
export function withoutSubject(message: string, id: string): string {
  for (const prefix of [`${id}: `, `endpoint "${id}": `]) if (message.startsWith(prefix) && message.length > prefix.length) return message.slice(prefix.length);
  return message;
}

/**
 * Who an issue is about: a file (and line), "judge <id>", "fuser <name>", or the answering
 * model's candidate name. Answer collection says "endpoint <name>" for every answering model,
 * VS Code's chat models too, which are not endpoints: that word is left out.
 */
export function issueSubject(issue: BlendIssue): string {
  return issue.endpoint && issue.where.startsWith("endpoint ") ? issue.where.slice("endpoint ".length) : issue.where;
}

/** What went wrong, without the subject's name in front. */
export function issueReason(issue: BlendIssue): string {
  return issue.endpoint ? withoutSubject(issue.message, issue.endpoint) : issue.message;
}

/** One line: "copilot/o3: no consent (…)", "broken: HTTP 500 …: server error". */
export function issueLine(issue: BlendIssue): string {
  return `${issueSubject(issue)}: ${issueReason(issue)}`;
}
