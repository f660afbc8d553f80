// code-server's logs in a profile: <user-data-dir>/logs/<session>/ holds remoteagent.log,
// exthost<N>/remoteexthost.log (the extension host; N grows with each window reload) and
// exthost<N>/<publisher.extension>/<channel>.log (an extension's log output channels).
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Profile } from "./code-server";

/** The newest log session folder of the running code-server (undefined before it wrote one). */
export function latestLogDir(profile: Profile): string | undefined {
  const root = join(profile.userDataDir, "logs");
  if (!existsSync(root)) return undefined;
  const sessions = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory()).sort();
  return sessions.length ? join(root, sessions[sessions.length - 1]) : undefined;
}

function extHostDirs(profile: Profile): string[] {
  const dir = latestLogDir(profile);
  if (!dir) return [];
  const n = (d: string) => Number(d.replace(/^exthost/, ""));
  return readdirSync(dir)
    .filter((d) => /^exthost\d+$/.test(d))
    .sort((a, b) => n(a) - n(b))
    .map((d) => join(dir, d));
}

const readAll = (files: string[]) => files.filter((f) => existsSync(f)).map((f) => readFileSync(f, "utf8")).join("");

/** The extension host's own log (every extension host of this session, oldest first). */
export function extensionHostLog(profile: Profile): string {
  return readAll(extHostDirs(profile).map((d) => join(d, "remoteexthost.log")));
}

/**
 * What an extension wrote to its log output channels (`createOutputChannel(name, { log: true })`),
 * e.g. extensionLog(profile, "answer-blender.answer-blender") or (…, PROVIDER_EXTENSION_ID, "E2E Test Models").
 */
export function extensionLog(profile: Profile, extensionId: string, channel?: string): string {
  const files: string[] = [];
  for (const d of extHostDirs(profile)) {
    const ext = join(d, extensionId);
    if (!existsSync(ext)) continue;
    for (const f of readdirSync(ext).sort()) if (f.endsWith(".log") && (!channel || f === `${channel}.log`)) files.push(join(ext, f));
  }
  return readAll(files);
}

/** Copies the session's logs to `dest` (for the artifacts folder). */
export function copyLogs(profile: Profile, dest: string): void {
  const dir = latestLogDir(profile);
  if (dir) cpSync(dir, dest, { recursive: true });
}
