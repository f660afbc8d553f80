import { test } from "node:test";
import assert from "node:assert/strict";
import { excerpt, redact } from "../../src/core/endpoints/errors";

// 37 characters and no well-known key shape, so only the known-key rules can catch it.
const KEY = "ab12cd34ef56gh78ij90kl12mn34op56qr789";

/** Every run of 8 or more characters of the key that is still in `s`. */
function leaks(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= KEY.length; i++) if (s.includes(KEY.slice(i, i + 8))) out.push(KEY.slice(i, i + 8));
  return out;
}

test("redact: the whole key, and any start or end of it of 8 or more characters", () => {
  assert.equal(redact(`key ${KEY} here`, [KEY]), "key *** here");
  assert.equal(redact(`cut: ${KEY.slice(0, 35)}`, [KEY]), "cut: ***");
  assert.equal(redact(`cut: ${KEY.slice(0, 8)}.`, [KEY]), "cut: ***.");
  assert.equal(redact(`…${KEY.slice(-10)} rest`, [KEY]), "…*** rest");
  assert.equal(redact(`${KEY.slice(0, 12)} and ${KEY.slice(-9)}`, [KEY]), "*** and ***");
  // Seven characters are not a key fragment: ordinary text stays.
  assert.equal(redact(`short ${KEY.slice(0, 7)}`, [KEY]), `short ${KEY.slice(0, 7)}`);
  assert.equal(redact("no key at all", [KEY, undefined]), "no key at all");
});

test("an error body cut through the key never keeps a piece of it, wherever the cut falls", () => {
  for (let pad = 150; pad <= 200; pad++) {
    const body = "x".repeat(pad) + KEY + " and more of the body after the key";
    const e = excerpt(body, 200, [KEY]);
    assert.deepEqual(leaks(e), [], `pad ${pad}: ${e}`);
    assert.ok(e.length <= 201);
  }
  // Cut first and redacted later (the old order) would have left 35 characters.
  const cutFirst = ("x".repeat(165) + KEY).slice(0, 200);
  assert.equal(leaks(cutFirst).length, 28);
  assert.deepEqual(leaks(redact(cutFirst, [KEY])), []);
});
