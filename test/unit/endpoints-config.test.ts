import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findEndpoint, loadEndpointsFile, parseEndpoints } from "../../src/core/endpoints/config";
import { InputError } from "../../src/core/errors";

const dir = mkdtempSync(join(tmpdir(), "ab-endpoints-"));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test("a valid file loads, with keys filled from the named environment variables", () => {
  const file = write(
    "ok.json",
    JSON.stringify([
      { id: "local", baseUrl: "http://127.0.0.1:11434/v1", model: "llama3.2", temperature: 0.7, maxTokens: 512, n: 3, systemPrompt: "Be brief." },
      { id: "openai", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKeyEnv: "OPENAI_API_KEY" },
      { id: "nokey", baseUrl: "https://openrouter.ai/api/v1", model: "x", apiKeyEnv: "UNSET_VAR_FOR_TEST" },
    ]),
  );
  const eps = loadEndpointsFile(file, { OPENAI_API_KEY: "sk-abc" });
  assert.deepEqual(eps[0], { id: "local", baseUrl: "http://127.0.0.1:11434/v1", model: "llama3.2", temperature: 0.7, maxTokens: 512, n: 3, systemPrompt: "Be brief." });
  assert.equal(eps[1].apiKey, "sk-abc");
  assert.equal(eps[1].apiKeyEnv, "OPENAI_API_KEY");
  assert.equal(eps[2].apiKey, undefined, "a missing variable leaves the key unset (the client reports it per endpoint)");
});

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e;
  }
  assert.fail("expected an InputError");
}

test("errors name the file, the array index and the field", () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ id: "a" }, /x\.json: must be a JSON array of endpoints/],
    [["str"], /x\.json: field "\[0\]": each endpoint must be an object/],
    [[{ baseUrl: "http://h/v1", model: "m" }], /field "\[0\]\.id": required, a non-empty string/],
    [[{ id: "a", baseUrl: "http://h/v1", model: "m" }, { id: "b", baseUrl: "ftp://h", model: "m" }], /field "\[1\]\.baseUrl": must be an http\(s\) URL, got "ftp:\/\/h"/],
    [[{ id: "a", baseUrl: "not a url", model: "m" }], /field "\[0\]\.baseUrl": must be an http\(s\) URL/],
    [[{ id: "a", baseUrl: "http://h/v1" }], /field "\[0\]\.model": required/],
    [[{ id: "a", baseUrl: "http://h/v1", model: "m", temperature: 3 }], /field "\[0\]\.temperature": must be a number from 0 to 2/],
    [[{ id: "a", baseUrl: "http://h/v1", model: "m", maxTokens: 1.5 }], /field "\[0\]\.maxTokens": must be a whole number/],
    [[{ id: "a", baseUrl: "http://h/v1", model: "m", n: 0 }], /field "\[0\]\.n": must be a whole number from 1 to 32/],
    [[{ id: "a", baseUrl: "http://h/v1", model: "m", apiKeyEnv: "MY-KEY" }], /field "\[0\]\.apiKeyEnv": must be an environment variable name/],
    [[{ id: "a", baseUrl: "http://h/v1", model: "m", systemPrompt: 5 }], /field "\[0\]\.systemPrompt": must be a string/],
    [[{ id: "a", baseUrl: "http://h/v1", model: "m", temprature: 1 }], /field "\[0\]\.temprature": unknown field/],
    [[{ id: "a#1", baseUrl: "http://h/v1", model: "m" }], /field "\[0\]\.id": must not contain "#"/],
    [[{ id: "a", baseUrl: "http://h/v1", model: "m", roles: [] }], /field "\[0\]\.roles": must be a non-empty array of "answer", "judge", "fuse"/],
    [[{ id: "a", baseUrl: "http://h/v1", model: "m", roles: ["judge", "rank"] }], /field "\[0\]\.roles": must be a non-empty array/],
    [[{ id: "a", baseUrl: "http://h/v1", model: "m" }, { id: "a", baseUrl: "http://h/v1", model: "m" }], /field "\[1\]\.id": duplicate endpoint id "a"/],
  ];
  for (const [data, re] of cases) assert.match(inputError(() => parseEndpoints(data, "x.json")).message, re);
});

test("roles are read, duplicates dropped", () => {
  const [e] = parseEndpoints([{ id: "j", baseUrl: "http://h/v1", model: "m", roles: ["judge", "fuse", "judge"] }], "x.json");
  assert.deepEqual(e.roles, ["judge", "fuse"]);
});

test("a key written into the file is refused, and never echoed", () => {
  const e = inputError(() => parseEndpoints([{ id: "a", baseUrl: "http://h/v1", model: "m", apiKey: "sk-secret-123456" }], "x.json"));
  assert.match(e.message, /field "\[0\]\.apiKey": API keys do not belong in the endpoints file/);
  assert.doesNotMatch(e.message, /sk-secret/);
  const u = inputError(() => parseEndpoints([{ id: "a", baseUrl: "http://user:sk-pass@h/v1", model: "m" }], "x.json"));
  assert.match(u.message, /must not contain credentials/);
});

test("invalid JSON names the file and line; a missing file is an input error", () => {
  const file = write("bad.json", '[\n  {"id": "a",\n   "baseUrl": }\n]');
  const e = inputError(() => loadEndpointsFile(file, {}));
  assert.ok(e.message.startsWith(file + ":3: not valid JSON"), e.message);
  assert.match(inputError(() => loadEndpointsFile(join(dir, "nope.json"), {})).message, /nope\.json: cannot read endpoints file: ENOENT/);
});

test("findEndpoint picks by id, or the only one", () => {
  const eps = [{ id: "a", baseUrl: "http://h/v1", model: "m" }];
  assert.equal(findEndpoint(eps, undefined, "x").id, "a");
  assert.equal(findEndpoint(eps, "a", "x").id, "a");
  assert.throws(() => findEndpoint(eps, "b", "the judge"), /no endpoint "b" for the judge \(known: a\)/);
});

test("jsonErrorLine finds the line of the first syntax error", async () => {
  const { jsonErrorLine } = await import("../../src/core/json-error");
  assert.equal(jsonErrorLine('[\n {"a": }\n]'), 2);
  assert.equal(jsonErrorLine("[1,\n2,,3]"), 2);
  assert.equal(jsonErrorLine('[\n{"a":1}\n'), 3);
  assert.equal(jsonErrorLine('{"a": "x\\"y", "b": [true, false, null, -1.5e3]}'), undefined);
  assert.equal(jsonErrorLine('{"a": tru}'), 1);
});
