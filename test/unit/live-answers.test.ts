// Endpoint answers as they arrive: the tracker behind the live view, and how the results panel
// passes them on (throttled while streaming, at once when all are in, never after the blend).
import "../helpers/install-fake-vscode";
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import * as vscode from "../helpers/fake-vscode";
import { sampleRefs } from "../../src/core/endpoints/collect";
import { LiveAnswers } from "../../src/core/endpoints/live-answers";
import { ResultsPanel } from "../../src/vscode/results-panel";
import type { HostToPanel } from "../../src/protocol";
import { sampleBlend } from "../helpers/sample-blend";

const refs = sampleRefs([
  { id: "a", baseUrl: "http://127.0.0.1:1/v1", model: "m" },
  { id: "b", baseUrl: "http://127.0.0.1:1/v1", model: "m", n: 2 },
]);

test("one entry per sample, waiting → retrying → streaming → done or failed; the final text wins over streamed pieces", () => {
  const live = new LiveAnswers(refs);
  assert.deepEqual(live.snapshot().map((a) => [a.name, a.state]), [["a", "waiting"], ["b#1", "waiting"], ["b#2", "waiting"]]);
  // A failed attempt of "b" marks its two samples as retrying, with the reason; "a" is not touched.
  live.retrying("b", 1, "HTTP 500 Internal Server Error");
  assert.deepEqual(live.snapshot().map((a) => [a.name, a.state, a.retry?.attempt]), [["a", "waiting", undefined], ["b#1", "retrying", 1], ["b#2", "retrying", 1]]);
  live.retrying("b", 2, "HTTP 503");
  assert.deepEqual(live.snapshot()[1].retry, { attempt: 2, reason: "HTTP 503" });
  live.delta(refs[0], "Hel");
  live.delta(refs[0], "lo");
  const mid = live.snapshot();
  assert.deepEqual(mid[0], { name: "a", state: "streaming", text: "Hello" });
  // A retried request streams its text again; the finished answer replaces what was shown.
  live.delta(refs[0], "Hello");
  live.finished(refs[0], { candidate: { model: "a", text: "Hello", meta: { latencyMs: 12 } } });
  live.delta(refs[0], " late");
  live.retrying("a", 1, "reset");
  assert.equal(live.snapshot()[0].state, "done", "a finished answer is never marked retrying");
  live.finished(refs[1], { error: { where: "endpoint b", message: "HTTP 500" } });
  assert.equal(live.allFinished, false);
  live.finished(refs[2], { candidate: { model: "b#2", text: "Hi" } });
  assert.equal(live.allFinished, true);
  assert.deepEqual(live.snapshot(), [
    { name: "a", state: "done", text: "Hello", latencyMs: 12 },
    { name: "b#1", state: "failed", text: "", error: "HTTP 500" },
    { name: "b#2", state: "done", text: "Hi", latencyMs: undefined },
  ]);
  assert.equal(mid[0].text, "Hello", "snapshots are copies");
});

test("the panel posts streamed answers at most every 100 ms, the final set at once, nothing after the blend", async () => {
  const blend = await sampleBlend();
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    vscode.resetFake();
    vscode.ui.autoReady = false;
    const panel = new ResultsPanel(vscode.Uri.file("/ext"), () => undefined);
    panel.show();
    const webview = vscode.registry.panels.at(-1)!.webview;
    webview.send({ type: "ready" });
    const live = () => (webview.posted as HostToPanel[]).filter((m): m is Extract<HostToPanel, { type: "collecting" }> => m.type === "collecting");

    const tracker = new LiveAnswers(refs);
    for (const piece of ["a", "b", "c"]) {
      tracker.delta(refs[0], piece);
      panel.collecting(tracker);
    }
    assert.equal(live().length, 0);
    mock.timers.tick(100);
    assert.equal(live().length, 1);
    assert.equal(live()[0].answers[0].text, "abc", "the latest snapshot");

    tracker.delta(refs[1], "x");
    panel.collecting(tracker);
    tracker.finished(refs[0], { candidate: { model: "a", text: "abc" } });
    tracker.finished(refs[1], { candidate: { model: "b#1", text: "x" } });
    tracker.finished(refs[2], { error: { where: "b", message: "timeout" } });
    panel.collecting(tracker);
    assert.equal(live().length, 2, "the final set goes out at once");
    mock.timers.tick(1000);
    assert.equal(live().length, 2, "and the pending throttled post was dropped");

    const next = new LiveAnswers(refs);
    next.delta(refs[0], "d");
    panel.collecting(next);
    panel.showRecord(blend);
    mock.timers.tick(1000);
    assert.equal(live().length, 2, "nothing after the blend is shown");
    panel.dispose();
  } finally {
    mock.timers.reset();
  }
});
