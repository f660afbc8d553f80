// Every child process the e2e harness starts is registered here and stopped by its PID: on
// normal teardown, on failure, on Ctrl-C and on process exit. Children are started in their own
// process group so that their own children (code-server's extension host, pty host…) stop too.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

const running = new Map<number, { name: string; child: ChildProcess }>();

export interface TrackedProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function startTracked(name: string, command: string, args: string[], options: SpawnOptions = {}): TrackedProcess {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  running.set(pid, { name, child });
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      running.delete(pid);
      resolve(code);
    });
    child.once("error", () => {
      running.delete(pid);
      resolve(null);
    });
  });
  return { name, pid, child, exited, stop: () => stopPid(pid, exited) };
}

/** Registers a process started by someone else (e.g. the browser playwright launched) so it is stopped too. */
export function adoptPid(name: string, pid: number): void {
  adopted.set(pid, name);
}
const adopted = new Map<number, string>();

/** The adopted process has been stopped by its owner: never signal that PID again (it may be reused). */
export function forgetPid(pid: number): void {
  adopted.delete(pid);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopPid(pid: number, exited?: Promise<unknown>, graceMs = 5000): Promise<void> {
  if (!isAlive(pid) && !running.has(pid)) return;
  signalGroup(pid, "SIGTERM");
  const gone = exited ?? waitUntilDead(pid, graceMs);
  const timedOut = await Promise.race([gone.then(() => false), deadline(graceMs).then(() => true)]);
  // The group may outlive its leader (e.g. the extension host): always finish it off.
  signalGroup(pid, "SIGKILL");
  if (timedOut) await delay(200);
}

async function waitUntilDead(pid: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (isAlive(pid) && Date.now() < end) await delay(100);
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A delay for timeouts raced against other work: it never keeps the process alive by itself. */
export function deadline(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

export async function stopAll(): Promise<void> {
  const jobs = [...running.keys()].map((pid) => stopPid(pid, running.get(pid)?.child ? waitUntilDead(pid, 5000) : undefined));
  for (const pid of adopted.keys()) jobs.push(stopPid(pid));
  adopted.clear();
  await Promise.all(jobs);
}

function stopAllNow(): void {
  for (const pid of running.keys()) signalGroup(pid, "SIGKILL");
  for (const pid of adopted.keys()) signalGroup(pid, "SIGKILL");
}

let hooksInstalled = false;
/** Last line of defence: kill whatever is still running when this process goes away. */
export function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once("exit", stopAllNow);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      void stopAll().finally(() => process.exit(130));
    });
  }
}
