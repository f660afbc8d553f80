// Headless Debian Chromium driven by playwright-core (no browser download).
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { chromiumPath } from "./paths";
import { adoptPid, forgetPid } from "./processes";

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * `tmpDir`: where Chromium and playwright put their temp profile folders, so that a run that is
 * killed leaves them inside the harness's own temp folder (removed on exit) instead of /tmp.
 */
export async function launchBrowser(options: { width?: number; height?: number; tmpDir?: string } = {}): Promise<BrowserSession> {
  const savedTmp = process.env.TMPDIR;
  // playwright reads os.tmpdir() (i.e. TMPDIR) when it creates the profile folder.
  if (options.tmpDir) process.env.TMPDIR = options.tmpDir;
  const server = await chromium.launchServer({
    executablePath: chromiumPath,
    env: { ...process.env },
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-features=Translate,MediaRouter,OptimizationHints",
    ],
  }).finally(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  });
  const pid = server.process().pid;
  if (pid) adoptPid("chromium", pid);
  const browser = await chromium.connect(server.wsEndpoint());
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    // Clipboard for the Copy button; same-origin only.
    permissions: ["clipboard-read", "clipboard-write"],
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      const proc = server.process();
      if (pid && (proc.exitCode !== null || proc.signalCode !== null)) forgetPid(pid);
    },
  };
}
