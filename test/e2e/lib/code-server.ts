// Starts code-server (VS Code in the browser) as an isolated instance: bound to 127.0.0.1 on a
// free port, no auth, telemetry and update checks off, and every folder it writes to (user data,
// extensions, HOME and the XDG folders) inside one temp profile directory.
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { delimiter, join } from "node:path";
import { codeServerEntry, e2eNode, e2eNodeDir } from "./paths";
import { freePort } from "./free-port";
import { deadline, delay, startTracked, type TrackedProcess } from "./processes";

export interface Profile {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  home: string;
  configFile: string;
}

/** Settings that keep the workbench quiet and deterministic for tests and demos. */
export const quietSettings: Record<string, unknown> = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "editor.minimap.enabled": false,
  "files.autoSave": "off",
  "files.hotExit": "off",
  "chat.commandCenter.enabled": false,
  "window.commandCenter": false,
  "workbench.layoutControl.enabled": false,
  // VS Code 1.104 opens the secondary side bar (the Chat view's home) in every new window: keep
  // the width for the editors; openChat() shows it when a scenario needs it.
  "workbench.secondarySideBar.defaultVisibility": "hidden",
};

export function createProfile(root: string): Profile {
  const profile: Profile = {
    root,
    userDataDir: join(root, "user-data"),
    extensionsDir: join(root, "extensions"),
    home: join(root, "home"),
    configFile: join(root, "config.yaml"),
  };
  for (const dir of [profile.userDataDir, join(profile.userDataDir, "User"), profile.extensionsDir, profile.home]) {
    mkdirSync(dir, { recursive: true });
  }
  if (!existsSync(userSettingsPath(profile))) writeUserSettings(profile, {});
  return profile;
}

export function userSettingsPath(profile: Profile): string {
  return join(profile.userDataDir, "User", "settings.json");
}

/** Writes User/settings.json = quiet defaults + `extra` (replacing what was there). */
export function writeUserSettings(profile: Profile, extra: Record<string, unknown>): void {
  writeFileSync(userSettingsPath(profile), JSON.stringify({ ...quietSettings, ...extra }, null, 2));
}

export function readUserSettings(profile: Profile): Record<string, unknown> {
  return JSON.parse(readFileSync(userSettingsPath(profile), "utf8")) as Record<string, unknown>;
}

function childEnv(profile: Profile): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Variables of an enclosing VS Code / Electron would confuse the server.
    if (!key.startsWith("VSCODE_") && !key.startsWith("ELECTRON_")) env[key] = value;
  }
  return {
    ...env,
    HOME: profile.home,
    XDG_CONFIG_HOME: join(profile.home, ".config"),
    XDG_DATA_HOME: join(profile.home, ".local/share"),
    XDG_CACHE_HOME: join(profile.home, ".cache"),
    XDG_STATE_HOME: join(profile.home, ".local/state"),
    XDG_RUNTIME_DIR: join(profile.root, "run"),
    CS_DISABLE_FILE_DOWNLOADS: "1",
    // code-server and everything it starts (extension host, pty host, `node` in tasks) run on Node 22.
    PATH: [join(e2eNodeDir, "bin"), env.PATH].filter(Boolean).join(delimiter),
  };
}

function commonArgs(profile: Profile): string[] {
  return [
    "--config",
    profile.configFile,
    "--user-data-dir",
    profile.userDataDir,
    "--extensions-dir",
    profile.extensionsDir,
    "--disable-telemetry",
    "--disable-update-check",
  ];
}

function assertInstalled(): void {
  for (const file of [codeServerEntry, e2eNode]) {
    if (!existsSync(file)) throw new Error(`code-server is not installed (${file} missing): run bash test/e2e/setup.sh`);
  }
}

/** `code-server --install-extension <vsix>…` (one or several) into the profile's extensions folder. */
export async function installExtension(profile: Profile, vsix: string | string[], logFile: string): Promise<void> {
  assertInstalled();
  writeConfig(profile, 0);
  mkdirSync(join(profile.root, "run"), { recursive: true, mode: 0o700 });
  const vsixPaths = typeof vsix === "string" ? [vsix] : vsix;
  const installs = vsixPaths.flatMap((v) => ["--install-extension", v]);
  const proc = startTracked("code-server --install-extension", e2eNode, [codeServerEntry, ...commonArgs(profile), "--force", ...installs], {
    env: childEnv(profile),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = collect(proc);
  const code = await Promise.race([proc.exited, deadline(180_000).then(() => "timeout" as const)]);
  writeFileSync(logFile, output.text());
  if (code !== 0) {
    await proc.stop();
    throw new Error(`installing ${vsixPaths.join(", ")} failed (${code}):\n${output.text()}`);
  }
}

export interface RunningCodeServer {
  url: string;
  port: number;
  process: TrackedProcess;
  /** URL of the workbench with `folder` opened. */
  folderUrl(folder: string): string;
  stop(): Promise<void>;
}

function writeConfig(profile: Profile, port: number): void {
  writeFileSync(profile.configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
}

export async function startCodeServer(profile: Profile, logFile: string, options: { port?: number; folder?: string } = {}): Promise<RunningCodeServer> {
  assertInstalled();
  const port = options.port ?? (await freePort());
  writeConfig(profile, port);
  mkdirSync(join(profile.root, "run"), { recursive: true, mode: 0o700 });
  const args = [codeServerEntry, ...commonArgs(profile), "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-workspace-trust", "--disable-getting-started-override", "--ignore-last-opened"];
  if (options.folder) args.push(options.folder);
  const log = createWriteStream(logFile, { flags: "a" });
  const proc = startTracked("code-server", e2eNode, args, { env: childEnv(profile), stdio: ["ignore", "pipe", "pipe"] });
  proc.child.stdout?.pipe(log);
  proc.child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitHealthy(url, proc, 120_000);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return {
    url,
    port,
    process: proc,
    folderUrl: (folder) => `${url}?folder=${encodeURIComponent(folder)}`,
    stop: async () => {
      await proc.stop();
      log.end();
    },
  };
}

async function waitHealthy(url: string, proc: TrackedProcess, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  while (Date.now() < end) {
    if (exited) throw new Error("code-server exited during startup (see its log in test/e2e/artifacts)");
    if (await isHealthy(url)) return;
    await delay(300);
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000}s`);
}

function isHealthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(`${url}healthz`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.setTimeout(2000, () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

function collect(proc: TrackedProcess): { text(): string } {
  const chunks: Buffer[] = [];
  proc.child.stdout?.on("data", (c: Buffer) => chunks.push(c));
  proc.child.stderr?.on("data", (c: Buffer) => chunks.push(c));
  return { text: () => Buffer.concat(chunks).toString("utf8") };
}
