// Every shipped translation covers every message, keeps its placeholders, command links and
// line breaks, and is a translation rather than a copy of the English text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const read = (p: string) => JSON.parse(readFileSync(join(root, p), "utf8")) as Record<string, string>;
const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort();
const commandLinks = (s: string) => s.match(/\]\(command:[^)]*\)/g) ?? [];
const lines = (s: string) => s.split("\n").length;

function checkTranslation(english: Record<string, string>, file: string, opts: { keysAreMessages: boolean }): void {
  const tr = read(file);
  assert.deepEqual(Object.keys(tr), Object.keys(english), `${file}: the same keys in the same order`);
  let copies = 0;
  for (const [key, en] of Object.entries(english)) {
    const value = tr[key];
    assert.ok(typeof value === "string" && value.trim(), `${file}: "${key}" is empty`);
    assert.deepEqual(placeholders(value), placeholders(en), `${file}: placeholders of "${key}"`);
    assert.deepEqual(commandLinks(value), commandLinks(en), `${file}: command links of "${key}"`);
    assert.equal(lines(value), lines(en), `${file}: line breaks of "${key}"`);
    if (value === en) copies++;
  }
  // Some messages are the same in every language ("JSON", "{0} · top {1}"…), most are not.
  const total = Object.keys(english).length;
  assert.ok(copies < total * 0.15, `${file}: ${copies} of ${total} messages left in English`);
  if (opts.keysAreMessages) assert.ok(total > 150);
}

const locales = readdirSync(join(root, "l10n"))
  .map((f) => /^bundle\.l10n\.([\w-]+)\.json$/.exec(f)?.[1])
  .filter((l): l is string => l !== undefined);

test("German and French ship, each with a runtime bundle and the contribution strings", () => {
  assert.deepEqual(locales.sort(), ["de", "fr"]);
  for (const l of locales) assert.ok(readdirSync(root).includes(`package.nls.${l}.json`), `package.nls.${l}.json`);
});

for (const locale of locales) {
  test(`${locale}: l10n/bundle.l10n.${locale}.json translates every message of the English bundle`, () => {
    checkTranslation(read("l10n/bundle.l10n.json"), `l10n/bundle.l10n.${locale}.json`, { keysAreMessages: true });
  });
  test(`${locale}: package.nls.${locale}.json translates every command, setting and walkthrough text`, () => {
    checkTranslation(read("package.nls.json"), `package.nls.${locale}.json`, { keysAreMessages: false });
  });
}
