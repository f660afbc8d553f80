// package.json contributions a person meets first: one command per view, Blend Selected Files
// where it belongs (its own group, answer files only), default keybindings that VS Code's own
// do not use, and the settings in the order they matter, with endpoint snippets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { duplicateJsonKeys } from "../helpers/duplicate-json-keys";

const ROOT = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const nls = JSON.parse(readFileSync(join(ROOT, "package.nls.json"), "utf8")) as Record<string, string>;
const title = (command: string) => nls[/^%(.+)%$/.exec(pkg.contributes.commands.find((c: { command: string }) => c.command === command).title)![1]];

test("no command of ours only opens the Recent Blends view (VS Code's Focus on Recent Blends does); Show Log, Show Last Blend and Cancel Blend exist", () => {
  const titles = pkg.contributes.commands.map((c: { command: string }) => title(c.command));
  assert.ok(!titles.some((t: string) => /comparison view|show history|recent blends view/i.test(t)), titles.join(", "));
  assert.equal(title("answerBlender.showLog"), "Show Log");
  assert.equal(title("answerBlender.showResults"), "Show Last Blend");
  const cancel = pkg.contributes.commands.find((c: { command: string }) => c.command === "answerBlender.cancelBlend");
  assert.equal(cancel.enablement, "answerBlender.blending", "enabled only while a blend runs");
});

test("Blend Selected Files: its own explorer group, and only on answer files (not folders, not other files)", () => {
  const [entry] = pkg.contributes.menus["explorer/context"].filter((m: { command: string }) => m.command === "answerBlender.blendFiles");
  assert.ok(!/^\d+_(?:modification|cutcopypaste|workspace|navigation)/.test(entry.group), `not among VS Code's own groups: ${entry.group}`);
  assert.match(entry.when, /!explorerResourceIsFolder/);
  const ext = /resourceExtname =~ \/(.+)\/$/.exec(entry.when)![1];
  const re = new RegExp(ext);
  for (const e of [".md", ".markdown", ".txt", ".json", ".jsonl"]) assert.ok(re.test(e), e);
  for (const e of [".png", ".ts", ".mdx", ""]) assert.ok(!re.test(e), `not for "${e}"`);
});

test("default keybindings: Blend Answers anywhere, Insert Fused Answer in a writable editor, three modifiers, none that VS Code 1.100 binds", () => {
  const keys = pkg.contributes.keybindings as Array<{ command: string; key: string; mac?: string; when?: string }>;
  const blend = keys.find((k) => k.command === "answerBlender.blend")!;
  const insert = keys.find((k) => k.command === "answerBlender.insertFused")!;
  assert.equal(blend.key, "ctrl+alt+shift+b");
  assert.equal(blend.mac, "cmd+alt+shift+b");
  // Not Ctrl+Shift+Alt+I: VS Code binds it on Linux (open Chat in agent mode).
  assert.equal(insert.key, "ctrl+alt+shift+f");
  assert.equal(insert.mac, "cmd+alt+shift+f");
  assert.equal(insert.when, "editorTextFocus && !editorReadonly");
  assert.equal(new Set(keys.map((k) => k.key)).size, keys.length, "no key twice");
});

test("settings: Ranker and Fuser first, then the judge and fuser chat models, how many answers are fused, the plan and aggregator; endpoints come with snippets", () => {
  const props = pkg.contributes.configuration.properties as Record<string, { order?: number; items?: { defaultSnippets?: Array<{ label: string; body: Record<string, string> }> } }>;
  const ordered = Object.entries(props)
    .sort((a, b) => (a[1].order ?? 99) - (b[1].order ?? 99))
    .map(([k]) => k.replace("answerBlender.", ""));
  assert.deepEqual(ordered.slice(0, 7), ["ranker", "fuser", "judgeModel", "fuserModel", "topK", "plan", "aggregate"]);
  assert.ok(Object.values(props).every((p) => typeof p.order === "number"), "every setting has an order");
  const snippets = props["answerBlender.endpoints"].items!.defaultSnippets!;
  assert.deepEqual(snippets.map((s) => s.label), ["Ollama", "LM Studio", "llama.cpp server", "vLLM", "OpenAI"]);
  for (const s of snippets) {
    assert.match(s.body.baseUrl, /^https?:\/\/.+\/v1$/);
    assert.ok(s.body.id && s.body.model, s.label);
    assert.ok(!("apiKey" in s.body), "no key in settings");
  }
});

test("no key twice in one object of package.json or the translation files (JSON keeps the last one silently)", () => {
  assert.deepEqual(duplicateJsonKeys('{"a":{"b":1,"c":[{"d":1,"d":2}]},"a":3}'), ["/c/[]/d", "/a"].map((p) => (p === "/a" ? p : "/a" + p)));
  for (const file of ["package.json", "package.nls.json", "package.nls.de.json", "package.nls.fr.json", "l10n/bundle.l10n.json", "l10n/bundle.l10n.de.json", "l10n/bundle.l10n.fr.json"])
    assert.deepEqual(duplicateJsonKeys(readFileSync(join(ROOT, file), "utf8")), [], file);
});

test("settings that name a model are chosen from a list: their descriptions link to the command with the quick pick", () => {
  const props = pkg.contributes.configuration.properties as Record<string, { markdownDescription?: string }>;
  const commands = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  const expected: Record<string, string[]> = {
    judgeModel: ["answerBlender.chooseJudgeModel"],
    fuserModel: ["answerBlender.chooseFuserModel"],
    "pairrm.model": ["answerBlender.downloadModel", "answerBlender.useLocalModel"],
    "reward.model": ["answerBlender.downloadModel", "answerBlender.useLocalModel"],
    "genfuser.model": ["answerBlender.useLocalModel"],
  };
  for (const [key, links] of Object.entries(expected)) {
    const text = nls[/^%(.+)%$/.exec(props[`answerBlender.${key}`].markdownDescription ?? "")?.[1] ?? ""] ?? "";
    assert.deepEqual([...text.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]), links, key);
    for (const c of links) assert.ok(commands.has(c), c);
  }
});
