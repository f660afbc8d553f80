import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { extractMessages, bundlePath } from "../../scripts/l10n-bundle";

const root = join(__dirname, "..", "..");

test("l10n/bundle.l10n.json holds exactly the messages of every vscode.l10n.t call and webview t() call (run npm run l10n after changing one)", () => {
  const { bundle, problems } = extractMessages();
  assert.deepEqual(problems, []);
  const committed = JSON.parse(readFileSync(bundlePath, "utf8"));
  assert.deepEqual(committed, bundle);
  assert.ok(Object.keys(bundle).length > 40);
  assert.equal(bundle["Blend: {0}"], "Blend: {0}");
  assert.equal(bundle["Pairwise matrix"], "Pairwise matrix", "a webview message");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  assert.equal(pkg.l10n, "./l10n");
});

test("extraction reads escapes and names the file and line of a call without a literal message", () => {
  const dir = mkdtempSync(join(tmpdir(), "l10n-"));
  mkdirSync(join(dir, "sub"));
  writeFileSync(join(dir, "sub", "a.ts"), 'const a = vscode.l10n.t("Say \\"hi\\" to {0}", n);\nconst b = vscode.l10n.t(\n  "Wrapped");\n');
  writeFileSync(join(dir, "b.ts"), "\n\nconst c = vscode.l10n.t(message);\n");
  const { bundle, problems } = extractMessages([{ dir, call: /\bl10n\.t\(\s*/g, name: "l10n.t" }]);
  assert.deepEqual(bundle, { 'Say "hi" to {0}': 'Say "hi" to {0}', Wrapped: "Wrapped" });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /b\.ts:3: l10n\.t needs a double-quoted string literal/);
});
