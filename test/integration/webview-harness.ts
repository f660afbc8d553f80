// Test harness for the webviews: serves the BUILT assets (dist/webview) from 127.0.0.1 inside a
// page that mimics the extension's HTML shell (same CSP, nonce'd scripts, #app), with a stub
// acquireVsCodeApi that records posted messages and setState calls. Drives headless Chromium.
import { createServer, type Server } from "node:http";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import { l10nDataBlock } from "../../src/vscode/webview-html";
import { findChromium, noBrowserReason, TEST_SETUP_COMMAND } from "../helpers/chromium";

export const ROOT = join(__dirname, "..", "..");
export const ARTIFACTS = join(ROOT, "test", "artifacts");
const DIST = join(ROOT, "dist", "webview");
const THEME_FIXTURES = join(ROOT, "test", "fixtures", "webview");

/** For `describe(name, { skip: browserSkip }, …)`: false when Chromium is there, else why the tests are skipped. */
export const browserSkip: string | false = ((why) => (why ? `${why}: ${TEST_SETUP_COMMAND} installs Chromium` : false))(noBrowserReason());

/** The four kinds of VS Code theme, each with a fixture of the variables a real one sets. */
export type Theme = "light" | "dark" | "high-contrast" | "high-contrast-light";
export const THEMES: readonly Theme[] = ["dark", "light", "high-contrast", "high-contrast-light"];
/** The body classes VS Code gives a webview in each kind (a light high contrast theme gets both). */
const BODY_CLASS: Record<Theme, string> = {
  dark: "vscode-dark",
  light: "vscode-light",
  "high-contrast": "vscode-high-contrast",
  "high-contrast-light": "vscode-high-contrast-light vscode-high-contrast",
};
export type WebviewKind = "panel";

const TYPES: Record<string, string> = { ".js": "text/javascript", ".css": "text/css", ".map": "application/json", ".html": "text/html" };

export interface Harness {
  /** `l10n`: a message bundle (bundle.l10n.<locale>.json) for the webview's t(), as the host embeds it. */
  open(kind: WebviewKind, opts?: { theme?: Theme; state?: unknown; width?: number; height?: number; l10n?: Record<string, string> }): Promise<Page>;
  close(): Promise<void>;
}

/** Messages the webview posted to the "host" so far. */
export async function posted(page: Page): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted);
}

export async function savedState<T>(page: Page): Promise<T | undefined> {
  return page.evaluate(() => (window as unknown as { __state: unknown }).__state) as Promise<T | undefined>;
}

/** CSP violations reported by the page (inline styles, injected scripts, remote images...). */
export async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

/** Sends a host → webview message, as webview.postMessage does. */
export async function send(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, "*"), message);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

function shell(kind: WebviewKind, origin: string, theme: Theme, state: unknown, l10n?: Record<string, string>): string {
  const nonce = randomBytes(16).toString("base64");
  const csp = `default-src 'none'; img-src ${origin} data:; style-src ${origin} 'nonce-${nonce}'; font-src ${origin}; script-src 'nonce-${nonce}';`;
  const bodyClass = BODY_CLASS[theme];
  // The stub stands for VS Code's webview API (the edge we mock).
  const stub = `
    window.__posted = []; window.__violations = []; window.__state = ${JSON.stringify(state ?? null).replace(/</g, "\\u003c")};
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || "")));
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error("acquireVsCodeApi may only be called once");
      acquired = true;
      return {
        postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => (window.__state === null ? undefined : window.__state),
        setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
      };
    };`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${nonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<script nonce="${nonce}">${stub}</script>
<link rel="stylesheet" href="${origin}/theme/theme-${theme}.css">
<link rel="stylesheet" href="${origin}/webview/${kind}.css">
<title>${kind}</title>
</head>
<body class="${bodyClass}" data-vscode-theme-kind="${bodyClass.split(" ")[0]}">
<div id="app"></div>
${l10n ? l10nDataBlock(nonce, l10n) : ""}<script nonce="${nonce}" src="${origin}/webview/${kind}.js"></script>
</body>
</html>`;
}

function serveFile(base: string, rel: string): { body: Buffer; type: string } | null {
  const path = normalize(join(base, rel));
  if (!path.startsWith(base) || !existsSync(path)) return null;
  return { body: readFileSync(path), type: TYPES[extname(path)] ?? "application/octet-stream" };
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(DIST, "panel.js"))) {
    throw new Error(`built webview assets missing in ${DIST}: run "npm run build" first`);
  }
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`no Chromium found: ${TEST_SETUP_COMMAND} installs it (or set CHROMIUM_PATH)`);
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let out: { body: Buffer | string; type: string } | null = null;
    if (url.pathname === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname.startsWith("/page/")) {
      const html = pages.get(url.pathname.slice("/page/".length));
      out = html === undefined ? null : { body: html, type: "text/html" };
    } else if (url.pathname.startsWith("/webview/")) out = serveFile(DIST, url.pathname.slice("/webview/".length));
    else if (url.pathname.startsWith("/theme/")) out = serveFile(THEME_FIXTURES, url.pathname.slice("/theme/".length));
    if (!out) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": out.type, "cache-control": "no-store" }).end(out.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  let n = 0;
  return {
    async open(kind, opts = {}) {
      const id = `${kind}-${++n}`;
      pages.set(id, shell(kind, origin, opts.theme ?? "light", opts.state, opts.l10n));
      const page = await browser.newPage({ viewport: { width: opts.width ?? 980, height: opts.height ?? 900 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      (page as Page & { __errors?: string[] }).__errors = errors;
      await page.goto(`${origin}/page/${id}`);
      await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === "ready"));
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Page errors and console errors seen so far. */
export function pageErrors(page: Page): string[] {
  return (page as Page & { __errors?: string[] }).__errors ?? [];
}
