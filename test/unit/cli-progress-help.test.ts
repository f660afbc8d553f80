import { test } from "node:test";
import assert from "node:assert/strict";
import { fmtTime, ProgressBar } from "../../src/cli/progress";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";

function io(tty = false): CliIO & { errText: () => string; outText: () => string } {
  let err = "";
  let out = "";
  return { out: (s) => (out += s), err: (s) => (err += s), errIsTTY: tty, env: {}, signal: new AbortController().signal, errText: () => err, outText: () => out };
}

test("the first ETA of a 7-second job after a 3-second model load is about the time left, not hours", () => {
  let t = 0;
  const out = io(true);
  const bar = new ProgressBar(out, "eval", false, () => t);
  // The engine loads for 3 s (its own progress events), then 1,000 examples take 7 ms each.
  for (let k = 0; k <= 30; k++) {
    t = k * 100;
    bar.event({ stage: "load", done: k < 30 ? 0 : 1, total: 1, message: "loading model" });
  }
  // No reset(): even so the load time must not count as the examples' rate.
  const etas: Array<{ at: number; eta: string }> = [];
  for (let done = 1; done <= 1000; done++) {
    t = 3000 + done * 7;
    const before = out.errText().length;
    bar.update(done, 1000);
    const drawn = out.errText().slice(before);
    const m = /eta (\S+)/.exec(drawn);
    if (m) etas.push({ at: done, eta: m[1] });
  }
  const first = etas.find((e) => e.eta !== "--:--");
  assert.ok(first, out.errText());
  const [m, s] = first.eta.split(":").map(Number);
  const left = ((1000 - first.at) * 7) / 1000;
  assert.ok(Math.abs(m * 60 + s - left) <= 1.5, `first ETA ${first.eta} at ${first.at}, ${left.toFixed(1)} s were left`);
  assert.equal(etas.at(-1)?.eta, "0:00");
});

test("times: m:ss, then h:mm:ss; unknown as --:--", () => {
  assert.equal(fmtTime(7.4), "0:07");
  assert.equal(fmtTime(754), "12:34");
  assert.equal(fmtTime(13_752), "3:49:12");
  assert.equal(fmtTime(Infinity), "--:--");
});

test("every command has its own --help and -h (exit 0, stdout), also as `help COMMAND`", async () => {
  for (const cmd of ["rank", "blend", "eval", "collect", "convert", "models"]) {
    for (const flag of ["--help", "-h"]) {
      const o = io();
      assert.equal(await main([cmd, flag], o), 0, `${cmd} ${flag}: ${o.errText()}`);
      assert.match(o.outText(), new RegExp(`^Usage:[\\s\\S]*answer-blender ${cmd}`), `${cmd} ${flag}`);
      assert.equal(o.errText(), "");
    }
  }
  const withArgs = io();
  assert.equal(await main(["rank", "set.jsonl", "--ranker", "length", "-h"], withArgs), 0);
  assert.match(withArgs.outText(), /--plan full\|bubble\|knockout\|topk/);
  const models = io();
  assert.equal(await main(["models", "list", "--help"], models), 0);
  assert.match(models.outText(), /models pull ID/);
  const help = io();
  assert.equal(await main(["help", "eval"], help), 0);
  assert.match(help.outText(), /--tie-margin X/);
  // After "--" it is an argument, not a request for help.
  const after = io();
  assert.equal(await main(["rank", "--", "-h"], after), 2);
  assert.match(after.errText(), /-h: no such file or folder/);
});
