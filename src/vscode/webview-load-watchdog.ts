// Reloads a webview whose script never reported "ready". In VS Code for the Web (code-server)
// webview resources come through a service worker, and a webview created while another one is
// starting can fail to load its script (net::ERR_NAME_NOT_RESOLVED): the panel stays blank
// until it is reloaded. Setting the HTML again (with a new nonce) reloads it.
export interface WatchdogOptions {
  /** Sets the webview's HTML again. */
  reload(): void;
  /** Hidden webviews do not run; VS Code loads them again when they are shown. */
  visible(): boolean;
  log?(line: string): void;
  timeoutMs?: number;
  maxReloads?: number;
}

export const DEFAULT_READY_TIMEOUT_MS = 5000;

/** What the views pass on: where to log, and (tests) how long to wait. */
export interface WatchdogSettings {
  log?: (line: string) => void;
  readyTimeoutMs?: number;
}

/** Loads the webview (`load` sets its HTML) and starts watching for its "ready". */
export function loadWatched(name: string, load: () => void, visible: () => boolean, settings: WatchdogSettings): WebviewLoadWatchdog {
  const watchdog = new WebviewLoadWatchdog(name, { reload: load, visible, log: settings.log, timeoutMs: settings.readyTimeoutMs });
  load();
  watchdog.loading();
  return watchdog;
}

export class WebviewLoadWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private reloads = 0;

  constructor(
    private readonly name: string,
    private readonly opts: WatchdogOptions,
  ) {}

  /** The HTML was just set (or the webview shown again): expect "ready" soon. */
  loading(): void {
    this.clear();
    this.timer = setTimeout(() => this.check(), this.opts.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
  }

  /** The webview's script is running. */
  loaded(): void {
    this.clear();
    this.reloads = 0;
  }

  dispose(): void {
    this.clear();
  }

  private check(): void {
    this.timer = undefined;
    if (!this.opts.visible()) return;
    const max = this.opts.maxReloads ?? 2;
    if (this.reloads >= max) {
      this.opts.log?.(`${this.name}: the webview did not start after ${max} reloads`);
      return;
    }
    this.reloads++;
    this.opts.log?.(`${this.name}: the webview did not start; reloading it (${this.reloads}/${max})`);
    this.opts.reload();
    this.loading();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
