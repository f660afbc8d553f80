// The HTML shell of the webviews: strict CSP with a per-load nonce, script and styles from
// files, one #app element. Everything else is rendered by the webview scripts.
import { randomBytes } from "node:crypto";

export interface ShellOptions {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  /** Which view this is ("panel"), exposed as data-view on <body>. */
  view: string;
  lang?: string;
  /** The extension's messages in the display language (vscode.l10n.bundle), read by the webview's t(). */
  l10n?: Record<string, string>;
}

export function makeNonce(): string {
  return randomBytes(18).toString("base64url");
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The message bundle as a JSON data block for the webview's t() (never executed). "<" is
 * written as \u003c, so no message can end the element or open a comment.
 */
export function l10nDataBlock(nonce: string, bundle: Record<string, string>): string {
  return `<script type="application/json" id="ab-l10n" nonce="${escapeAttr(nonce)}">${JSON.stringify(bundle).replace(/</g, "\\u003c")}</script>\n`;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    // The nonce lets the UI toolkit's one feature-probe <style> (it reads meta csp-nonce) through.
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
}

export function webviewHtml(o: ShellOptions): string {
  return `<!DOCTYPE html>
<html lang="${escapeAttr(o.lang ?? "en")}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta property="csp-nonce" content="${escapeAttr(o.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
<title>${escapeAttr(o.title)}</title>
</head>
<body data-view="${escapeAttr(o.view)}">
<div id="app"></div>
${o.l10n ? l10nDataBlock(o.nonce, o.l10n) : ""}<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
