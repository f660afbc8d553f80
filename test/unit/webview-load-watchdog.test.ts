// A webview that never says "ready" is reloaded (a bounded number of times); one that does, or
// that is hidden, is left alone. Both views wire it up: a blank view gets its HTML again.
import "../helpers/install-fake-vscode";
import { test, mock, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import * as vscode from "../helpers/fake-vscode";
import { WebviewLoadWatchdog } from "../../src/vscode/webview-load-watchdog";
import { ResultsPanel } from "../../src/vscode/results-panel";

beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
afterEach(() => mock.timers.reset());

function watch(visible = () => true) {
  const calls = { reloads: 0, log: [] as string[] };
  const w = new WebviewLoadWatchdog("panel", { reload: () => calls.reloads++, visible, log: (l) => calls.log.push(l), timeoutMs: 1000, maxReloads: 2 });
  return { w, calls };
}

test("no ready within the timeout: reloaded, then again, then it gives up and says so", () => {
  const { w, calls } = watch();
  w.loading();
  mock.timers.tick(999);
  assert.equal(calls.reloads, 0);
  mock.timers.tick(1);
  assert.equal(calls.reloads, 1);
  mock.timers.tick(1000);
  assert.equal(calls.reloads, 2);
  mock.timers.tick(5000);
  assert.equal(calls.reloads, 2, "at most two reloads");
  assert.deepEqual(calls.log, [
    "panel: the webview did not start; reloading it (1/2)",
    "panel: the webview did not start; reloading it (2/2)",
    "panel: the webview did not start after 2 reloads",
  ]);
});

test("ready in time, hidden, or disposed: no reload; ready resets the count", () => {
  const { w, calls } = watch();
  w.loading();
  mock.timers.tick(500);
  w.loaded();
  mock.timers.tick(5000);
  assert.equal(calls.reloads, 0);

  w.loading();
  mock.timers.tick(1000);
  assert.equal(calls.reloads, 1);
  w.loaded();
  w.loading();
  mock.timers.tick(1000);
  w.loading();
  mock.timers.tick(1000);
  assert.equal(calls.reloads, 3, "the count restarted after the webview came up");

  w.loading();
  w.dispose();
  mock.timers.tick(5000);
  assert.equal(calls.reloads, 3);

  const hidden = watch(() => false);
  hidden.w.loading();
  mock.timers.tick(5000);
  assert.equal(hidden.calls.reloads, 0);
});

test("the results panel sets its HTML again (new nonce) when the webview stays silent, and stops once it is ready", () => {
  vscode.resetFake();
  vscode.ui.autoReady = false;
  const lines: string[] = [];
  const panel = new ResultsPanel(vscode.Uri.file("/ext"), () => undefined, { log: (l) => lines.push(l), readyTimeoutMs: 1000 });
  panel.show();
  const webview = vscode.registry.panels.at(-1)!.webview;
  const first = webview.html;
  mock.timers.tick(1000);
  const second = webview.html;
  assert.notEqual(second, first, "reloaded");
  assert.match(second, /nonce-/);
  assert.deepEqual(lines, ["results panel: the webview did not start; reloading it (1/2)"]);
  webview.send({ type: "ready" });
  mock.timers.tick(10_000);
  assert.equal(webview.html, second, "no reload after ready");
  panel.dispose();
});
