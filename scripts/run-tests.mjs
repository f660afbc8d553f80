// Runs node's test runner over every *.test.ts below the given folders (Node 20 has no --test glob).
import { readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

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
for (const d of dirs) if (existsSync(d)) walk(d);
files.sort();
if (files.length === 0) {
  console.error("no test files found in " + dirs.join(", "));
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? "2";
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
