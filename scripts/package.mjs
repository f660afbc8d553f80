// npm run package -- --target linux-x64 [--target win32-x64,darwin-arm64 ...] [--skip-build] [--no-smoke] [--artifacts DIR]
// Production build, then one VSIX per target in .artifacts/, each holding only the bundled
// dist/, the webview assets, media/, models/builtin and that platform's onnxruntime-node
// binaries (under dist/node_modules, next to the bundles that require it).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const targets = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--target") targets.push(...(args[++i] ?? "").split(",").filter(Boolean));
  else if (args[i].startsWith("--target=")) targets.push(...args[i].slice(9).split(",").filter(Boolean));
}
if (targets.length === 0) targets.push(`${process.platform}-${process.arch}`);
const skipBuild = args.includes("--skip-build");
const artifactsArg = args.indexOf("--artifacts");
/** Where builds, staging folders and VSIX files go (default .artifacts/). */
const outDir = artifactsArg >= 0 ? resolve(args[artifactsArg + 1]) : join(root, ".artifacts");
const smoke = !args.includes("--no-smoke");

const ortBin = join(root, "node_modules/onnxruntime-node/bin/napi-v6");
/** VSIX targets whose onnxruntime-node binaries ship in the npm package. */
const supported = existsSync(ortBin)
  ? readdirSync(ortBin).flatMap((os) => readdirSync(join(ortBin, os)).map((arch) => `${os}-${arch}`))
  : [];
for (const t of targets) {
  if (!supported.includes(t)) {
    console.error(`package: no onnxruntime-node binaries for "${t}" (available: ${supported.join(", ") || "none"})`);
    process.exit(2);
  }
}

function run(cmd, cmdArgs, cwd = root) {
  const r = spawnSync(cmd, cmdArgs, { cwd, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`package: ${cmd} ${cmdArgs.join(" ")} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}

/** Copies a file tree, keeping only files `keep` accepts (paths relative to `from`). */
function copyTree(from, to, keep = () => true, rel = "") {
  for (const name of readdirSync(join(from, rel))) {
    const r = rel ? `${rel}/${name}` : name;
    const full = join(from, r);
    if (statSync(full).isDirectory()) {
      if (keep(r + "/")) copyTree(from, to, keep, r);
    } else if (keep(r)) {
      mkdirSync(dirname(join(to, r)), { recursive: true });
      cpSync(full, join(to, r));
    }
  }
}

// A production build of its own (not dist/, which dev builds and tests rewrite at any time).
const build = join(outDir, "build");
if (!skipBuild) {
  rmSync(build, { recursive: true, force: true });
  run(process.execPath, [join(root, "scripts/build.mjs"), "--production", "--outdir", build]);
}
for (const f of ["extension.js", "worker.js", "webview/panel.js", "samples/binary-search/prompt.md"]) {
  if (!existsSync(join(build, f))) {
    console.error(`package: ${relative(root, join(build, f))} is missing (build failed?)`);
    process.exit(1);
  }
}

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
mkdirSync(outDir, { recursive: true });

for (const target of targets) {
  const [os, arch] = target.split("-");
  const stage = join(outDir, "vsix", target);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });

  // Manifest without build-time fields: no dependency detection, no scripts to run.
  const manifest = { ...pkg };
  for (const k of ["scripts", "devDependencies", "dependencies", "bin", "private"]) delete manifest[k];
  writeFileSync(join(stage, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  const nls = readdirSync(root).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f));
  for (const f of [...nls, "README.md", "CHANGELOG.md", "LICENSE", "LICENSE.md", ".vscodeignore"]) {
    if (existsSync(join(root, f))) cpSync(join(root, f), join(stage, f));
  }
  copyTree(join(root, "media"), join(stage, "media"));
  copyTree(join(root, "l10n"), join(stage, "l10n"));
  const noMaps = (r) => !r.endsWith(".map");
  cpSync(join(build, "extension.js"), join(stage, "dist/extension.js"));
  cpSync(join(build, "worker.js"), join(stage, "dist/worker.js"));
  copyTree(join(build, "webview"), join(stage, "dist/webview"), noMaps);
  copyTree(join(build, "samples"), join(stage, "dist/samples"));
  const builtin = join(root, "models/builtin");
  if (existsSync(builtin)) {
    const skip = /(^|\/)(train|\.cache|__pycache__|\..*)\/$|\.py$|\.pyc$|^parity\.json$/;
    copyTree(builtin, join(stage, "models/builtin"), (r) => !skip.test(r));
  }

  // onnxruntime-node stays external to the bundles: ship its JS, its one dependency and this platform's binaries.
  const nm = join(stage, "dist/node_modules");
  const ort = join(root, "node_modules/onnxruntime-node");
  copyTree(ort, join(nm, "onnxruntime-node"), (r) => r === "package.json" || r === "dist/" || (r.startsWith("dist/") && r.endsWith(".js")) || r === "bin/" || r === "bin/napi-v6/" || r === `bin/napi-v6/${os}/` || r.startsWith(`bin/napi-v6/${os}/${arch}/`));
  const common = join(root, "node_modules/onnxruntime-common");
  copyTree(common, join(nm, "onnxruntime-common"), (r) => r === "package.json" || r === "dist/" || (r.startsWith("dist/cjs/") && !r.endsWith(".map") && !r.endsWith(".d.ts")));

  const out = join(outDir, `${pkg.name}-${pkg.version}-${target}.vsix`);
  rmSync(out, { force: true });
  run(
    process.execPath,
    [
      join(root, "node_modules/@vscode/vsce/vsce"),
      "package",
      "--target", target,
      "--no-dependencies",
      "--skip-license",
      "--allow-missing-repository",
      "--no-rewrite-relative-links",
      "--out", out,
    ],
    stage,
  );
  const mb = (statSync(out).size / 1024 / 1024).toFixed(1);
  console.log(`package: ${relative(root, out)} (${mb} MB)`);
  if (smoke && target === `${process.platform}-${process.arch}`) {
    run(process.execPath, ["--import", "tsx", join(root, "scripts/smoke-vsix.ts"), out]);
  }
}
