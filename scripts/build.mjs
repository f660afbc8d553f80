// Bundles the CLI, the extension host entry, the inference worker and the webview scripts.
// onnxruntime-node stays external (native binaries ship in node_modules);
// sharp and onnxruntime-web are never used by us and are replaced by stubs so that
// neither ends up in the bundle nor in the VSIX.
import { build } from "esbuild";
import { existsSync, mkdirSync, cpSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");
// --outdir DIR: build somewhere else than dist/ (scripts/package.mjs uses this so a concurrent
// dev build cannot swap files under it).
const outArg = process.argv.indexOf("--outdir");
const outRoot = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, "dist");

const SAMPLE = "binary-search";

const stubs = {
  sharp: join(root, "scripts/stubs/sharp.cjs"),
  "onnxruntime-web": join(root, "scripts/stubs/onnxruntime-web.cjs"),
  "onnxruntime-web/webgpu": join(root, "scripts/stubs/onnxruntime-web.cjs"),
};

const stubPlugin = {
  name: "stub-unused",
  setup(b) {
    b.onResolve({ filter: /^(sharp|onnxruntime-web)(\/.*)?$/ }, (args) => ({ path: stubs[args.path] ?? stubs["onnxruntime-web"] }));
  },
};

// The extension host never runs model code itself (model engines are created in dist/worker.js),
// so dist/extension.js leaves transformers.js (~560 KB) out: faster activation. The stub throws
// a clear error if it is ever used there.
const workerOnlyPlugin = {
  name: "worker-only",
  setup(b) {
    b.onResolve({ filter: /^@huggingface\/transformers$/ }, () => ({ path: join(root, "scripts/stubs/worker-only.cjs") }));
  },
};

const nodeCommon = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: production ? false : "linked",
  minify: production,
  external: ["vscode", "onnxruntime-node"],
  plugins: [stubPlugin],
  logLevel: "warning",
  // transformers.js reads import.meta.url; give the CJS bundle a value for it.
  define: { "import.meta.url": "__import_meta_url" },
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
};

const nodeEntries = [
  { in: "src/cli/main.ts", out: "cli", banner: "#!/usr/bin/env node" },
  { in: "src/vscode/extension.ts", out: "extension" },
  { in: "src/core/worker/worker-main.ts", out: "worker" },
];

mkdirSync(outRoot, { recursive: true });
const jobs = [];
for (const e of nodeEntries) {
  if (!existsSync(join(root, e.in))) continue;
  jobs.push(
    build({
      ...nodeCommon,
      ...(e.out === "extension" ? { plugins: [stubPlugin, workerOnlyPlugin] } : {}),
      entryPoints: { [e.out]: join(root, e.in) },
      outdir: outRoot,
      banner: { js: (e.banner ? e.banner + "\n" : "") + nodeCommon.banner.js },
    }),
  );
}

const webEntries = [
  { in: "webview/panel/main.ts", out: "webview/panel" },
];
for (const e of webEntries) {
  if (!existsSync(join(root, e.in))) continue;
  jobs.push(
    build({
      bundle: true,
      platform: "browser",
      target: "es2022",
      format: "iife",
      sourcemap: production ? false : "linked",
      minify: production,
      entryPoints: { [e.out]: join(root, e.in) },
      outdir: outRoot,
      loader: { ".css": "css" },
      logLevel: "warning",
    }),
  );
}
await Promise.all(jobs);
if (existsSync(join(root, "webview/static"))) cpSync(join(root, "webview/static"), join(outRoot, "webview"), { recursive: true });
// The answers "Try a Sample Blend" ranks: one of the examples, shipped with the extension.
cpSync(join(root, "examples", SAMPLE), join(outRoot, "samples", SAMPLE), { recursive: true });
if (watch) console.error("watch mode is not supported; rerun npm run build");
