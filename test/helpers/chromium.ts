// Where the webview tests find a Chromium to render in, and which test files need one.
// The runner (scripts/run-tests.mjs) skips those files, saying so in one line, when none is found.
import { existsSync, readFileSync } from "node:fs";
import { chromium } from "playwright-core";

/** What installs everything `npm test` needs on a fresh Debian/Ubuntu machine. */
export const TEST_SETUP_COMMAND = "npm run test:setup";

/**
 * CHROMIUM_PATH when set (and there), else the distribution's Chromium (Debian's `chromium`
 * package), else the build `playwright-core install chromium` put in its cache (Ubuntu, where
 * the packaged Chromium is a snap). Null when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  for (const p of ["/usr/bin/chromium", "/usr/lib/chromium/chromium"]) if (existsSync(p)) return p;
  const managed = chromium.executablePath();
  return managed && existsSync(managed) ? managed : null;
}

/** Why browser tests cannot run here, or null when they can. */
export function noBrowserReason(env: NodeJS.ProcessEnv = process.env): string | null {
  if (findChromium(env)) return null;
  return env.CHROMIUM_PATH ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist` : "no Chromium found";
}

/** A test file needs a browser when it drives the webview harness. */
export function needsBrowser(testFile: string): boolean {
  return /from "\.\/webview-harness"/.test(readFileSync(testFile, "utf8"));
}
