// Webview text in VS Code's display language. The host embeds the extension's message bundle
// for that language (vscode.l10n.bundle, none for English) in the page as JSON; keys are the
// English messages, as for vscode.l10n.t in the extension host, and {0}, {1}… are arguments.
let bundle: Record<string, string> | null = null;

function loaded(): Record<string, string> {
  if (bundle) return bundle;
  bundle = {};
  const el = document.getElementById("ab-l10n");
  try {
    const parsed: unknown = el?.textContent ? JSON.parse(el.textContent) : {};
    if (parsed && typeof parsed === "object") {
      for (const [k, v] of Object.entries(parsed)) if (typeof v === "string") bundle[k] = v;
    }
  } catch {
    // A broken bundle must not break the view: English it is.
  }
  return bundle;
}

/** The message in the display language, with {n} replaced by the n-th argument. */
export function t(message: string, ...args: Array<string | number>): string {
  const text = loaded()[message] ?? message;
  return text.replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : whole));
}
