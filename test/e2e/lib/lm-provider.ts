// Builds the test-only chat-model provider extension (test/e2e/lm-provider) into a VSIX:
// type-check against @types/vscode 1.104, bundle with esbuild, pack with @vscode/vsce. Never part
// of the product VSIX (it lives under test/, which .vscodeignore and scripts/package.mjs leave out).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { e2eDir, e2eTmpDir, repoRoot } from "./paths";

export const lmProviderDir = join(e2eDir, "lm-provider");

function run(what: string, args: string[], cwd: string): void {
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
}

/** Packages the provider extension and returns the VSIX path (test/e2e/.tmp/e2e-lm-provider.vsix), or $E2E_LM_VSIX when given. */
export function packageLmProvider(): string {
  const given = process.env.E2E_LM_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`E2E_LM_VSIX=${given}: no such file`);
    return given;
  }
  const started = Date.now();
  run("type-checking test/e2e/lm-provider", [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", join(lmProviderDir, "tsconfig.json")], repoRoot);
  const stage = join(e2eTmpDir, "lm-provider-stage");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, "dist"), { recursive: true });
  buildSync({
    entryPoints: [join(lmProviderDir, "src/extension.ts")],
    outfile: join(stage, "dist/extension.js"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["vscode"],
    logLevel: "warning",
  });
  for (const f of ["package.json", "README.md"]) cpSync(join(lmProviderDir, f), join(stage, f));
  const vsix = join(e2eTmpDir, "e2e-lm-provider.vsix");
  rmSync(vsix, { force: true });
  run(
    "vsce package (test/e2e/lm-provider)",
    [join(repoRoot, "node_modules/@vscode/vsce/vsce"), "package", "--no-dependencies", "--skip-license", "--allow-missing-repository", "--out", vsix],
    stage,
  );
  if (!existsSync(vsix)) throw new Error(`vsce did not write ${vsix}`);
  console.error(`[e2e] test chat-model provider ${vsix} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  return vsix;
}
