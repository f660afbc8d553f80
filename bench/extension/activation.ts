// Extension activation and first-blend times, measured on the packed VSIX (what users install).
// Each sample is a fresh Node process: it loads the VSIX's dist/extension.js with the test
// fake of the vscode API, activates, and blends three answer files twice (length ranker in
// process; then the ONNX ranker, which starts the worker and loads onnxruntime + the model).
//   npm run package -- --target linux-x64 && node --import tsx bench/extension/activation.ts [VSIX] [--runs 5]
import "../../test/helpers/install-fake-vscode";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as vscode from "../../test/helpers/fake-vscode";
import { tempTree } from "../../test/helpers/tmp";

/** Loads the packed CommonJS bundle (through the vscode fake hook). */
const loadCjs = createRequire(__filename);

const root = resolve(__dirname, "../..");

interface Sample {
  requireMs: number;
  activateMs: number;
  lengthBlendMs: number;
  onnxBlendMs: number;
  onnxRanker: string;
  ortLoadedAtActivation: boolean;
}

async function child(ext: string): Promise<void> {
  const answers = tempTree({
    "prompt.md": "Explain what a hash map is.",
    "a.md": "A hash map stores key/value pairs in buckets chosen by hashing the key, giving O(1) average lookups.",
    "b.md": "A dictionary.",
    "c.md": "It maps keys to values using a hash function; collisions are handled by chaining or open addressing.",
  });
  const uris = ["prompt.md", "a.md", "b.md", "c.md"].map((f) => vscode.Uri.file(answers.path(f)));
  const t0 = performance.now();
  const mod = loadCjs(join(ext, "dist/extension.js")) as { activate(c: unknown): unknown; deactivate(): Promise<void> };
  const t1 = performance.now();
  const ctx = vscode.fakeContext(ext);
  mod.activate(ctx);
  const t2 = performance.now();
  const ortLoadedAtActivation = Object.keys(require.cache).some((k) => k.includes("onnxruntime"));
  const blend = async () => {
    vscode.ui.inputBoxes.push((o) => o.value);
    const s = performance.now();
    const r = await vscode.commands.executeCommand("answerBlender.blendFiles", undefined, uris);
    if (!r) throw new Error("blend failed: " + JSON.stringify(vscode.ui.messages));
    return performance.now() - s;
  };
  vscode.settings.global.set("ranker", "length");
  vscode.settings.global.set("fuser", "none");
  const lengthBlendMs = await blend();
  const builtin = existsSync(join(ext, "models/builtin/manifest.json"));
  const onnxRanker = builtin ? "builtin" : "pairrm (tiny fixture)";
  vscode.settings.global.set("ranker", builtin ? "builtin" : "pairrm");
  if (!builtin) vscode.settings.global.set("pairrm.model", join(root, "test/fixtures/tiny-pairrm"));
  const onnxBlendMs = await blend();
  ctx.subscriptions.forEach((s) => s.dispose());
  await mod.deactivate();
  answers.cleanup();
  const sample: Sample = { requireMs: t1 - t0, activateMs: t2 - t1, lengthBlendMs, onnxBlendMs, onnxRanker, ortLoadedAtActivation };
  process.stdout.write(JSON.stringify(sample) + "\n");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") return child(args[1]);
  const runsArg = args.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
  const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
  const vsix = resolve(args.find((a) => a.endsWith(".vsix")) ?? join(root, `.artifacts/answer-blender-${version}-linux-x64.vsix`));
  if (!existsSync(vsix)) throw new Error(`${vsix} not found: run npm run package -- --target linux-x64 first`);
  const dir = mkdtempSync(join(tmpdir(), "ab-bench-"));
  try {
    spawnSync("unzip", ["-q", vsix, "-d", dir]);
    const ext = join(dir, "extension");
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, ["--import", "tsx", __filename, "--child", ext], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(r.stderr);
      samples.push(JSON.parse(r.stdout.trim().split("\n").at(-1)!));
    }
    const m = (k: keyof Sample) => median(samples.map((s) => s[k] as number)).toFixed(0);
    console.log(`VSIX ${vsix.split("/").at(-1)}: ${(statSync(vsix).size / 1024 / 1024).toFixed(1)} MB; ${runs} fresh processes, medians:`);
    console.log(`  load dist/extension.js     ${m("requireMs")} ms`);
    console.log(`  activate()                 ${m("activateMs")} ms`);
    console.log(`  onnxruntime loaded at activation: ${samples.some((s) => s.ortLoadedAtActivation) ? "YES" : "no"}`);
    console.log(`  first blend, length ranker (3 answers, 6 comparisons, in process)   ${m("lengthBlendMs")} ms`);
    console.log(`  next blend, ${samples[0].onnxRanker} (worker start + onnxruntime + model load + 6 comparisons)   ${m("onnxBlendMs")} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
