// Recent Blends as a native tree view: items with codicons and descriptions, their ranked
// answers below them, the commands of the title bar, the context menu and the inline actions,
// and the contributions in package.json that put them there (when clauses, welcome view).
import "../helpers/install-fake-vscode";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "../helpers/fake-vscode";
import { HistoryStore } from "../../src/vscode/history-store";
import { HISTORY_COMMANDS, HISTORY_VIEW_ID, HistoryTree, type HistoryNode } from "../../src/vscode/history-tree";
import type { BlendRecord } from "../../src/protocol";
import { blendExample } from "../../src/core/blend";
import { LengthRanker } from "../../src/core/rank/engines/length";
import { ExtractiveFuser } from "../../src/core/fuse/engines/extractive";

const ROOT = join(__dirname, "..", "..");

async function record(id: string, prompt: string, answers: string[], opts: { issues?: number; createdAt?: string } = {}): Promise<BlendRecord> {
  const example = {
    id,
    instruction: prompt,
    input: "",
    candidates: answers.map((t, i) => ({ model: `m${i}`, text: t })),
    errors: Array.from({ length: opts.issues ?? 0 }, (_, i) => ({ where: `endpoint e${i}`, endpoint: `e${i}`, message: "HTTP 500" })),
  };
  const result = await blendExample(example, new LengthRanker(), new ExtractiveFuser(), { plan: "full", aggregate: "max-logits", seed: 0, topK: 3, fuseTopK: 3 });
  return { blendId: id, createdAt: opts.createdAt ?? "2026-11-22T09:15:00.000Z", sourceLabel: `${answers.length} files`, result };
}

interface Session {
  store: HistoryStore;
  tree: HistoryTree;
  view: vscode.FakeTreeView<HistoryNode>;
  opened: string[];
  exported: string[];
}

async function session(records: BlendRecord[]): Promise<Session> {
  vscode.resetFake();
  const store = new HistoryStore(new vscode.FakeMemento());
  for (const r of [...records].reverse()) await store.add(r);
  const opened: string[] = [];
  const exported: string[] = [];
  const tree = new HistoryTree(store, {
    open: (id) => (opened.push(id), store.get(id) !== undefined),
    export: async (id) => exported.push(id),
  });
  tree.registerCommands();
  return { store, tree, view: vscode.registry.treeViews.get(HISTORY_VIEW_ID) as vscode.FakeTreeView<HistoryNode>, opened, exported };
}

const run = (id: string, ...args: unknown[]) => vscode.commands.executeCommand(id, ...args);

beforeEach(() => vscode.resetFake());

test("one item per blend, newest first: the prompt on one line, when and from what, a codicon for fused, ranked or partial", async () => {
  const fused = await record("a", "List fruit:\nwith   their colour", [
    "- Apples are red and sweet, good raw or baked.\n- Bananas are yellow.",
    "- Kiwis are green inside (2 kinds).",
    "* Kiwis: green inside, 2 kinds.",
  ]);
  assert.equal(fused.result.fused?.unchanged, undefined, "the kiwis were added");
  const ranked = await record("b", "Capital of France?", ["Paris.", "It is Paris."]);
  const partial = await record("c", "Explain <b>TCP</b> vs UDP", ["TCP is reliable.", "UDP is fast."], { issues: 1 });
  const s = await session([partial, ranked, fused]);
  const items = await s.view.items();
  assert.deepEqual(items.map((i) => i.label), ["Explain <b>TCP</b> vs UDP", "Capital of France?", "List fruit: with their colour"]);
  assert.deepEqual(items.map((i) => i.iconPath?.id), ["warning", "list-ordered", "git-merge"]);
  assert.equal(items[0].iconPath?.color?.id, "problemsWarningIcon.foreground");
  assert.deepEqual(items.map((i) => i.contextValue), ["blend.partial", "blend", "blend"]);
  for (const i of items) assert.match(i.description ?? "", /Nov.*22.*· \d files$/, String(i.description));
  assert.equal(items[1].collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
  assert.deepEqual(items.map((i) => i.command?.command), [HISTORY_COMMANDS.open, HISTORY_COMMANDS.open, HISTORY_COMMANDS.open]);

  // The tooltip is Markdown with the blend's text escaped, never interpreted.
  const tip = items[0].tooltip as vscode.MarkdownString;
  assert.ok(tip.value.includes("\\<b\\>TCP\\</b\\>"), tip.value);
  assert.equal(tip.isTrusted, false);
  assert.match(tip.value, /Partial result: 1 problem/);
});

test("below a blend, its answers in rank order with their scores; the top one starred", async () => {
  const r = await record("a", "Capital of France?", ["Paris.", "The capital of France is Paris.", "Lyon"]);
  const s = await session([r]);
  const [blend] = await s.view.elements();
  const answers = await s.view.items(blend);
  assert.deepEqual(answers.map((a) => a.label), r.result.rank.ranking.map((c) => `#${c.rank} ${c.model}`));
  assert.deepEqual(answers.map((a) => a.description), r.result.rank.ranking.map((c) => `score ${c.score.toFixed(2)}`));
  assert.deepEqual(answers.map((a) => a.iconPath?.id), ["star-full", "circle-outline", "circle-outline"]);
  assert.deepEqual(answers.map((a) => a.contextValue), ["answer", "answer", "answer"]);
  assert.equal(answers[0].tooltip, r.result.example.candidates[r.result.rank.ranking[0].candidate].text);
  assert.deepEqual(await s.view.items((await s.view.elements(blend))[0]), [], "answers have no children");
});

test("Open, Export and Delete act on the clicked item, or on the whole selection it is part of; Clear asks first; Refresh redraws", async () => {
  const recs = [await record("c", "third", ["x", "yy"]), await record("b", "second", ["x", "yy"]), await record("a", "first", ["x", "yy"])];
  const s = await session(recs);
  const [c, b, a] = await s.view.elements();

  await run(HISTORY_COMMANDS.open, b);
  const [answer] = await s.view.elements(a);
  await run(HISTORY_COMMANDS.open, answer);
  assert.deepEqual(s.opened, ["b", "a"], "an answer opens its blend");
  await run(HISTORY_COMMANDS.export, c);
  assert.deepEqual(s.exported, ["c"]);

  // Keyboard (Delete key): no argument, the selection is used.
  s.view.selection = [a];
  await run(HISTORY_COMMANDS.delete);
  assert.deepEqual(s.store.list().map((r) => r.blendId), ["c", "b"]);

  // Context menu on one of two selected items: both go.
  await s.store.add(recs[2]);
  const [a2, c2, b2] = await s.view.elements();
  await run(HISTORY_COMMANDS.delete, c2, [c2, b2]);
  assert.deepEqual(s.store.list().map((r) => r.blendId), ["a"]);
  // Context menu on an item outside the selection: only that one.
  await s.store.add(recs[0]);
  const [c3, a3] = await s.view.elements();
  await run(HISTORY_COMMANDS.delete, a3, [c3]);
  assert.deepEqual(s.store.list().map((r) => r.blendId), ["c"]);
  assert.ok(a2);

  const before = s.view.changes;
  await run(HISTORY_COMMANDS.refresh);
  assert.equal(s.view.changes, before + 1);

  vscode.ui.messageAnswers.push(undefined); // dismissed: nothing is removed
  await run(HISTORY_COMMANDS.clear);
  assert.equal(s.store.list().length, 1);
  vscode.ui.messageAnswers.push("Clear");
  await run(HISTORY_COMMANDS.clear);
  assert.deepEqual(await s.view.items(), []);
  assert.match(vscode.ui.messages.at(-1)!.text, /Remove all 1 blends/);

  // A blend deleted elsewhere (another window) is reported, not opened.
  await run(HISTORY_COMMANDS.open, { kind: "blend", blendId: "gone" });
  assert.match(vscode.ui.messages.at(-1)!.text, /no longer in the history/);
  s.tree.dispose();
  assert.equal(s.view.disposed, true);
});

interface Contributes {
  commands: Array<{ command: string; title: string; icon?: string; enablement?: string }>;
  views: Record<string, Array<{ id: string; type?: string; name: string }>>;
  viewsWelcome: Array<{ view: string; contents: string }>;
  menus: Record<string, Array<{ command: string; when?: string; group?: string }>>;
  keybindings: Array<{ command: string; key: string; mac?: string; when?: string }>;
}

test("package.json: a tree view with a welcome view, title-bar, context-menu and inline actions for it, no webview", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { contributes: Contributes };
  const nls = JSON.parse(readFileSync(join(ROOT, "package.nls.json"), "utf8")) as Record<string, string>;
  const c = pkg.contributes;
  const view = c.views.answerBlender.find((v) => v.id === HISTORY_VIEW_ID);
  assert.ok(view);
  assert.equal(view.type, undefined, "a tree view (the default type), not a webview");

  const welcome = c.viewsWelcome.find((w) => w.view === HISTORY_VIEW_ID);
  assert.ok(welcome);
  const text = nls[/^%(.+)%$/.exec(welcome.contents)![1]];
  const known = new Set(c.commands.map((x) => x.command));
  const links = [...text.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]);
  assert.ok(links.includes("answerBlender.trySample") && links.includes("answerBlender.blend"), text);
  for (const l of links) assert.ok(known.has(l) || l.startsWith("workbench."), l);

  const inView = (menu: string) => c.menus[menu].filter((m) => m.when?.includes(`view == ${HISTORY_VIEW_ID}`));
  assert.deepEqual(inView("view/title").map((m) => m.command).sort(), [HISTORY_COMMANDS.clear, HISTORY_COMMANDS.refresh]);
  const items = inView("view/item/context");
  const inline = items.filter((m) => m.group?.startsWith("inline")).map((m) => m.command);
  assert.deepEqual(inline, [HISTORY_COMMANDS.export, HISTORY_COMMANDS.delete]);
  const menu = items.filter((m) => !m.group?.startsWith("inline")).map((m) => m.command);
  assert.deepEqual(menu, [HISTORY_COMMANDS.open, HISTORY_COMMANDS.export, HISTORY_COMMANDS.delete]);
  // Export and Delete are for blends (contextValue "blend…"), not for the answers below them.
  for (const m of items.filter((x) => x.command !== HISTORY_COMMANDS.open)) assert.match(m.when ?? "", /viewItem =~ \/\^blend\//);
  for (const id of Object.values(HISTORY_COMMANDS)) {
    const cmd = c.commands.find((x) => x.command === id);
    assert.ok(cmd && nls[/^%(.+)%$/.exec(cmd.title)![1]], `${id} has a localised title`);
    assert.match(cmd.icon ?? "", /^\$\([\w-]+\)$/, `${id} has a codicon`);
  }
  // Only Clear is a palette command: the others need an item.
  const historyCommands: string[] = Object.values(HISTORY_COMMANDS);
  const hidden = c.menus.commandPalette.filter((m) => m.when === "false" && historyCommands.includes(m.command)).map((m) => m.command);
  assert.deepEqual(hidden.sort(), [HISTORY_COMMANDS.delete, HISTORY_COMMANDS.export, HISTORY_COMMANDS.open, HISTORY_COMMANDS.refresh].sort());
  assert.ok(c.keybindings.some((k) => k.command === HISTORY_COMMANDS.delete && k.key === "delete" && k.when === `focusedView == ${HISTORY_VIEW_ID}`));
});
