// The test runner on a machine without Chromium: the browser test files are left out and one
// line names them and the command that installs Chromium; the other tests still run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { tempTree } from "../helpers/tmp";
import { findChromium, needsBrowser } from "../helpers/chromium";

const ROOT = join(__dirname, "..", "..");

test("without Chromium: browser test files are skipped with one line saying which and how to run them", () => {
  const tree = tempTree({
    "plain.test.ts": 'import { test } from "node:test";\ntest("plain runs", () => {});\n',
    // Would fail if it ran.
    "webview-x.test.ts": 'import { startHarness } from "./webview-harness";\nthrow new Error("browser test ran " + String(startHarness));\n',
  });
  try {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/run-tests.mjs"), tree.dir], {
      cwd: ROOT,
      encoding: "utf8",
      // NODE_TEST_CONTEXT would make the inner runner report to this one instead of printing.
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, CHROMIUM_PATH: join(tree.dir, "no-such-chromium") },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /# pass 1\b/);
    assert.doesNotMatch(r.stdout + r.stderr, /browser test ran/);
    const notes = r.stdout.split("\n").filter((l) => l.startsWith("npm test: skipped"));
    assert.equal(notes.length, 1, r.stdout);
    assert.match(notes[0], /webview-x\.test\.ts/);
    assert.doesNotMatch(notes[0], /plain\.test\.ts/);
    assert.match(notes[0], /npm run test:setup/);
    assert.equal(r.stdout.trimEnd().split("\n").at(-1), notes[0], "the note is the last line");
  } finally {
    tree.cleanup();
  }
});

test("which files need a browser, and where Chromium is looked for", () => {
  assert.equal(needsBrowser(join(ROOT, "test/integration/webview-panel.test.ts")), true);
  assert.equal(needsBrowser(join(ROOT, "test/unit/webview-diff.test.ts")), false, "a unit test of webview code needs no browser");
  const tree = tempTree({ chrome: "" });
  try {
    assert.equal(findChromium({ CHROMIUM_PATH: tree.path("chrome") }), tree.path("chrome"));
    assert.equal(findChromium({ CHROMIUM_PATH: tree.path("missing") }), null, "a CHROMIUM_PATH that is not there is not replaced by a guess");
  } finally {
    tree.cleanup();
  }
});
