// One e2e session: a temp folder holding a copy of examples/ (the workspace, so tests may edit
// it) and a code-server profile with the packaged VSIX installed; code-server on 127.0.0.1;
// headless Chromium on the workbench. close() stops everything it started, by PID.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser, type BrowserSession } from "./browser";
import { createProfile, installExtension, startCodeServer, writeUserSettings, type Profile, type RunningCodeServer } from "./code-server";
import { artifactsDir, examplesDir } from "./paths";
import { installExitHooks, stopAll } from "./processes";
import { packageVsix } from "./vsix";
import { openWorkbench } from "./workbench";

export interface Harness {
  root: string;
  /** The workspace: a copy of examples/. */
  workspace: string;
  profile: Profile;
  vsix: string;
  server: RunningCodeServer;
  browser: BrowserSession;
  page: Page;
  /** Opens `folder` (default: the workspace) in the workbench and waits until it is ready. */
  open(folder?: string): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra user settings (merged over the quiet defaults). */
  settings?: Record<string, unknown>;
}

const log = (msg: string) => console.error(`[e2e] ${msg}`);

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  installExitHooks();
  mkdirSync(artifactsDir, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), "answer-blender-e2e-"));
  // Also on Ctrl-C/SIGTERM, where close() does not run (processes.ts stops the children first).
  if (!process.env.E2E_KEEP) process.once("exit", () => rmSync(root, { recursive: true, force: true }));
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    const t0 = Date.now();
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await stopAll();
    log(`stopped everything (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    if (!process.env.E2E_KEEP) rmSync(root, { recursive: true, force: true });
    else log(`kept ${root}`);
  };
  try {
    const workspace = join(root, "examples");
    cpSync(examplesDir, workspace, { recursive: true });
    const profile = createProfile(join(root, "profile"));
    let t = Date.now();
    const vsix = packageVsix();
    log(`VSIX ${vsix} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
    t = Date.now();
    await installExtension(profile, vsix, join(artifactsDir, "install-extension.log"));
    log(`installed into ${profile.extensionsDir} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
    writeUserSettings(profile, options.settings ?? {});
    const server = await startCodeServer(profile, join(artifactsDir, "code-server.log"));
    cleanups.push(() => server.stop());
    log(`code-server ${server.url} (pid ${server.process.pid})`);
    const browser = await launchBrowser({ tmpDir: root });
    cleanups.push(() => browser.close());
    const page = browser.page;
    recordConsole(page, join(artifactsDir, "browser-console.log"));
    const harness: Harness = {
      root,
      workspace,
      profile,
      vsix,
      server,
      browser,
      page,
      open: async (folder = workspace) => {
        const t0 = Date.now();
        await openWorkbench(page, server.folderUrl(folder));
        log(`workbench ready (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
      },
      close,
    };
    return harness;
  } catch (err) {
    await close();
    throw err;
  }
}

/** Browser console warnings/errors and uncaught page errors (workbench and webviews) go to `file`. */
function recordConsole(page: Page, file: string): void {
  writeFileSync(file, "");
  const write = (line: string) => appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") write(`[${m.type()}] ${m.location().url.replace(/\?.*$/, "")}: ${m.text()}`);
  });
  page.on("pageerror", (err) => write(`[pageerror] ${err.stack ?? err.message}`));
  page.on("framenavigated", (f) => write(`[frame] ${f.url().slice(0, 160)}`));
}
