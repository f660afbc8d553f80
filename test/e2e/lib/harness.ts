// One e2e session: a temp folder holding a copy of examples/ (the workspace, so tests may edit
// it) and a code-server profile with the packaged VSIX installed (and, with `chatModels`, the
// test chat-model provider beside it); code-server on 127.0.0.1; headless Chromium on the
// workbench. close() stops everything it started, by PID.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser, type BrowserSession } from "./browser";
import type { TestChatModels } from "./chat-models";
import { createProfile, installExtension, startCodeServer, writeUserSettings, type Profile, type RunningCodeServer } from "./code-server";
import { packageLmProvider } from "./lm-provider";
import { copyLogs } from "./logs";
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
  /** The bridge folder of the test provider extension (lib/bridge.ts), when `chatModels` was given. */
  bridgeDir: string;
  /** The test chat models, when given. */
  chatModels?: TestChatModels;
  /** Where this session's screenshots and logs go (artifacts/, names prefixed by `name`). */
  artifact(file: string): string;
  /** Opens `folder` (default: the workspace) in the workbench and waits until it is ready. */
  open(folder?: string): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra user settings (merged over the quiet defaults). */
  settings?: Record<string, unknown>;
  /**
   * Test chat models (lib/chat-models.ts): installs the test provider extension beside the
   * product and points it at their server; close() also closes them.
   */
  chatModels?: TestChatModels;
  /** Prefix of this session's log files in artifacts/ (e.g. "chat-models" → chat-models-code-server.log). */
  name?: string;
}

const log = (msg: string) => console.error(`[e2e] ${msg}`);

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  installExitHooks();
  mkdirSync(artifactsDir, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), "answer-blender-e2e-"));
  const artifact = (file: string) => join(artifactsDir, options.name ? `${options.name}-${file}` : file);
  let profile: Profile | undefined;
  // Also on Ctrl-C/SIGTERM, where close() does not run (processes.ts stops the children first).
  if (!process.env.E2E_KEEP) process.once("exit", () => rmSync(root, { recursive: true, force: true }));
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    const t0 = Date.now();
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await stopAll();
    if (profile) {
      rmSync(artifact("logs"), { recursive: true, force: true });
      copyLogs(profile, artifact("logs"));
    }
    await options.chatModels?.close();
    log(`stopped everything (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    if (!process.env.E2E_KEEP) rmSync(root, { recursive: true, force: true });
    else log(`kept ${root}`);
  };
  try {
    const workspace = join(root, "examples");
    cpSync(examplesDir, workspace, { recursive: true });
    profile = createProfile(join(root, "profile"));
    const bridgeDir = join(root, "bridge");
    mkdirSync(bridgeDir, { recursive: true });
    let t = Date.now();
    const vsix = packageVsix();
    log(`VSIX ${vsix} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
    const extensions = [vsix];
    if (options.chatModels) extensions.push(packageLmProvider());
    t = Date.now();
    await installExtension(profile, extensions, artifact("install-extension.log"));
    log(`installed into ${profile.extensionsDir} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
    const chatSettings = options.chatModels ? { ...options.chatModels.settings(), "e2eLmProvider.bridgeDir": bridgeDir } : {};
    writeUserSettings(profile, { ...chatSettings, ...options.settings });
    const server = await startCodeServer(profile, artifact("code-server.log"));
    cleanups.push(() => server.stop());
    log(`code-server ${server.url} (pid ${server.process.pid})`);
    const browser = await launchBrowser({ tmpDir: root });
    cleanups.push(() => browser.close());
    const page = browser.page;
    recordConsole(page, artifact("browser-console.log"));
    const harness: Harness = {
      root,
      workspace,
      profile,
      vsix,
      server,
      browser,
      page,
      bridgeDir,
      chatModels: options.chatModels,
      artifact,
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
