// Builds the extension and packages the linux-x64 VSIX with the project's own scripts
// (`npm run build`, `npm run package -- --target linux-x64`), or uses $E2E_VSIX when given.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { repoRoot } from "./paths";

function npm(args: string[]): void {
  const started = Date.now();
  const r = spawnSync("npm", args, { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"], env: process.env });
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
  console.error(`[e2e] npm ${args.join(" ")}: ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

export function packageVsix(): string {
  const given = process.env.E2E_VSIX;
  if (given) {
    const path = resolve(given);
    if (!existsSync(path)) throw new Error(`E2E_VSIX=${given}: no such file`);
    return path;
  }
  const startedAt = Date.now();
  // dist/ (the CLI the scenarios compare with); the package script makes its own production build.
  npm(["run", "--silent", "build"]);
  npm(["run", "--silent", "package", "--", "--target", "linux-x64", "--no-smoke"]);
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { name: string; version: string };
  const vsix = join(repoRoot, ".artifacts", `${pkg.name}-${pkg.version}-linux-x64.vsix`);
  if (!existsSync(vsix) || statSync(vsix).mtimeMs < startedAt - 1000) throw new Error(`npm run package did not write ${vsix}`);
  return vsix;
}
