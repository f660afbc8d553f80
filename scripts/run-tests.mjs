// Runs node's test runner over every *.test.ts below the given folders, or the given files (Node 20 has no --test glob).
// Without a Chromium the browser tests (those that drive the webview harness) are left out, and
// one line says which and how to run them.
import { readdirSync, statSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { tsImport } from "tsx/esm/api";

const { needsBrowser, noBrowserReason, TEST_SETUP_COMMAND } = await tsImport("../test/helpers/chromium.ts", import.meta.url);

const dirs = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const files = [];
const walk = (d) => {
  for (const name of readdirSync(d)) {
    if (name === "node_modules" || name === "e2e") continue;
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith(".test.ts")) files.push(p);
  }
};
for (const d of dirs) {
  if (!existsSync(d)) continue;
  if (statSync(d).isDirectory()) walk(d);
  else files.push(d);
}
files.sort();
if (files.length === 0) {
  console.error("no test files found in " + dirs.join(", "));
  process.exit(1);
}
const noBrowser = noBrowserReason();
const browserFiles = noBrowser ? files.filter(needsBrowser) : [];
const run = files.filter((f) => !browserFiles.includes(f));
const concurrency = process.env.TEST_CONCURRENCY ?? "2";
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, ...run], { stdio: "inherit" });
// Last, so that it is the line left on the screen.
if (browserFiles.length) {
  const names = browserFiles.map((f) => relative(process.cwd(), f)).join(", ");
  console.log(`npm test: skipped the browser tests in ${names} (${noBrowser}): "${TEST_SETUP_COMMAND}" installs Chromium (or set CHROMIUM_PATH), then npm test runs them.`);
}
process.exit(r.status ?? 1);
