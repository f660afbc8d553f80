// Problems of a blend as text: one problem, one line, each only once, and its subject named
// once. Shared by the CLI, the extension host and the results panel. Core messages start with
// the model's own name ("copilot/o3: no consent (…)", `endpoint "local": HTTP 500 …`) so that
// they stand alone in a log; shown next to that name they would say it twice.
import type { BlendIssue } from "./types";

type IssueText = Pick<BlendIssue, "where" | "message" | "endpoint">;

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
export function issueSubject(issue: IssueText): string {
  return issue.endpoint && issue.where.startsWith("endpoint ") ? issue.where.slice("endpoint ".length) : issue.where;
}

/** What went wrong, without the subject's name in front. */
export function issueReason(issue: IssueText): string {
  const message = issue.message.trim();
  return issue.endpoint ? withoutSubject(message, issue.endpoint) : message;
}

/** "subject: reason", without saying the subject twice when the reason already starts with it. */
export function problemLine(issue: IssueText): string {
  const subject = issueSubject(issue);
  const reason = issueReason(issue);
  if (!subject) return reason;
  if (reason.toLowerCase().startsWith(subject.toLowerCase())) return reason;
  return `${subject}: ${reason}`;
}

/** The issues with exact repeats removed (same place, same message), in their order. */
export function uniqueIssues(issues: readonly BlendIssue[]): BlendIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.where}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
