// `npm run test:e2e` (after setup.sh): packages the product VSIX and the test chat-model provider
// once, then runs every test/e2e/*.e2e.test.ts file, one at a time (each file is one VS Code
// session). Arguments go to node's test runner, e.g. `npm run test:e2e -- --test-name-pattern=Chat`.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { packageLmProvider } from "./lib/lm-provider";
import { e2eDir } from "./lib/paths";
import { packageVsix } from "./lib/vsix";

const started = Date.now();
process.env.E2E_VSIX = packageVsix();
process.env.E2E_LM_VSIX = packageLmProvider();
const files = readdirSync(e2eDir)
  .filter((f) => f.endsWith(".e2e.test.ts"))
  .sort()
  .map((f) => join(e2eDir, f));
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...process.argv.slice(2), ...files], { stdio: "inherit", env: process.env });
console.error(`[e2e] ${files.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(r.status ?? 1);
