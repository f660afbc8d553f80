// Packs the linux-x64 VSIX into a temp folder and checks what is (and is not) inside; the
// package script's smoke check then loads the packed extension and ranks with ONNX in its worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const host = `${process.platform}-${process.arch}`;

test("npm run package -- --target linux-x64: only the shipped files, one platform's onnxruntime, ≤ 30 MB, and it runs", { skip: host !== "linux-x64" && "packs for linux-x64 only on linux-x64" }, () => {
  const out = mkdtempSync(join(tmpdir(), "ab-pkg-"));
  try {
    const r = spawnSync(process.execPath, [join(root, "scripts/package.mjs"), "--target", "linux-x64", "--artifacts", out], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /smoke: ok/);
    const vsix = readdirSync(out).find((f) => f.endsWith("-linux-x64.vsix"));
    assert.ok(vsix, "a VSIX was written");
    const size = statSync(join(out, vsix)).size;
    assert.ok(size <= 30 * 1024 * 1024, `VSIX is ${size} bytes`);
    const list = spawnSync("unzip", ["-Z1", join(out, vsix)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
    for (const f of ["extension/package.json", "extension/package.nls.json", "extension/l10n/bundle.l10n.json", "extension/l10n/bundle.l10n.de.json", "extension/l10n/bundle.l10n.fr.json", "extension/package.nls.de.json", "extension/package.nls.fr.json", "extension/dist/extension.js", "extension/dist/worker.js", "extension/dist/webview/panel.js", "extension/dist/webview/panel.css", "extension/media/blender.svg", "extension/media/blender-light.svg", "extension/media/blender-dark.svg", "extension/media/walkthrough/sample.md", "extension/dist/samples/binary-search/prompt.md", "extension/dist/samples/binary-search/gpt-4o.md", "extension/dist/node_modules/onnxruntime-node/dist/index.js", "extension/dist/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node", "extension/dist/node_modules/onnxruntime-common/dist/cjs/index.js"])
      assert.ok(list.includes(f), `missing ${f}`);
    const bad = list.filter((f) =>
      /^extension\/(src|test|webview|bench|scripts|docs|examples|node_modules)\//.test(f) ||
      /\.(ts|map|py|pyc)$/.test(f) ||
      /sharp|@img|onnxruntime-web|transformers/.test(f) ||
      (/napi-v6\//.test(f) && !/napi-v6\/linux\/x64\//.test(f)) ||
      /models\/builtin\/(train|\.cache)\//.test(f) ||
      /dist\/cli\.js$/.test(f),
    );
    assert.deepEqual(bad, []);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
