// Smoke check of a packaged VSIX: unpack it, load ITS dist/extension.js (with the test fake
// of the vscode API), activate, and blend a few answers with an ONNX ranker, so the worker
// loads onnxruntime-node from the VSIX's own dist/node_modules.
// Usage: node --import tsx scripts/smoke-vsix.ts .artifacts/answer-blender-0.1.0-linux-x64.vsix
import "../test/helpers/install-fake-vscode";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as vscode from "../test/helpers/fake-vscode";
import { tempTree } from "../test/helpers/tmp";
import type { BlendRecord } from "../src/protocol";

/** Loads the packed CommonJS bundle (through the vscode fake hook). */
const loadCjs = createRequire(__filename);

interface ExtensionModule {
  activate(ctx: unknown): unknown;
  deactivate(): Promise<void>;
}

async function main(): Promise<void> {
  const vsix = resolve(process.argv[2] ?? "");
  if (!existsSync(vsix)) throw new Error(`no VSIX at ${vsix}`);
  const dir = mkdtempSync(join(tmpdir(), "ab-vsix-"));
  const answers = tempTree({
    "prompt.md": "How do I reverse a list in Python?",
    "a.md": "Use `lst.reverse()` to reverse in place, or `lst[::-1]` for a reversed copy.",
    "b.md": "reversed()",
    "c.md": "You can call `list(reversed(lst))`, which returns a new list and leaves `lst` unchanged.",
  });
  try {
    const unzip = spawnSync("unzip", ["-q", vsix, "-d", dir], { stdio: "inherit" });
    if (unzip.status !== 0) throw new Error("unzip failed");
    const ext = join(dir, "extension");
    const builtin = existsSync(join(ext, "models/builtin/manifest.json"));
    vscode.settings.global.set("ranker", builtin ? "builtin" : "pairrm");
    if (!builtin) vscode.settings.global.set("pairrm.model", resolve(__dirname, "../test/fixtures/tiny-pairrm"));
    vscode.settings.global.set("fuser", "none");

    const t0 = performance.now();
    const mod = loadCjs(join(ext, "dist/extension.js")) as ExtensionModule;
    const ctx = vscode.fakeContext(ext);
    mod.activate(ctx);
    const activateMs = performance.now() - t0;
    const ortLoadedEarly = Object.keys(require.cache).some((k) => k.includes("onnxruntime"));

    vscode.ui.inputBoxes.push((o) => o.value);
    const t1 = performance.now();
    const record = (await vscode.commands.executeCommand("answerBlender.blendFiles", undefined, ["prompt.md", "a.md", "b.md", "c.md"].map((f) => vscode.Uri.file(answers.path(f))))) as BlendRecord | undefined;
    const blendMs = performance.now() - t1;
    const errors = vscode.ui.messages.filter((m) => m.level === "error");
    if (!record) throw new Error(`blend failed: ${errors.map((e) => e.text).join("; ") || "no record"}\n${vscode.registry.logs[0]?.lines.map((l) => l.text).join("\n")}`);
    const r = record.result;
    const finite = r.rank.matrix.every((row, i) => row.every((v, j) => (i === j ? v === null : Number.isFinite(v))));
    if (r.rank.ranking.length !== 3 || !finite || r.rank.comparisons !== 6) throw new Error(`unexpected ranking: ${JSON.stringify(r.rank)}`);
    if (ortLoadedEarly) throw new Error("onnxruntime was loaded at activation");
    console.log(
      `smoke: ok — ${r.rank.ranker} ranked ${r.rank.ranking.map((c) => c.model).join(" > ")} with ${r.rank.comparisons} comparisons; ` +
        `activate ${activateMs.toFixed(0)} ms (bundle load included), first blend ${blendMs.toFixed(0)} ms (worker + model load included)`,
    );
    ctx.subscriptions.forEach((s) => s.dispose());
    await mod.deactivate();
  } finally {
    answers.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error("smoke: FAILED —", e instanceof Error ? e.message : e);
  process.exit(1);
});
