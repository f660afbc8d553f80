// First run: "Try a Sample Blend" blends the answers shipped in dist/samples (npm test builds
// first) with no question asked, and the Get Started walkthrough only points at things that exist.
import "../helpers/install-fake-vscode";
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "../helpers/fake-vscode";
import { ROOT, runCli } from "../helpers/cli";
import { startExtensionSession, stopExtensionSession, type ExtensionSession } from "../helpers/extension-session";
import type { BlendRecord } from "../../src/protocol";

let session: ExtensionSession | undefined;
afterEach(async () => {
  if (session) await stopExtensionSession(session);
  session = undefined;
});

test("Try a Sample Blend ranks the shipped sample like the CLI does, without asking anything", async () => {
  session = startExtensionSession({}, ROOT);
  const record = (await vscode.commands.executeCommand("answerBlender.trySample")) as BlendRecord;
  assert.ok(record);
  assert.equal(vscode.ui.inputBoxOptions.length + vscode.ui.quickPickItems.length, 0, "no prompt box, no pick");
  const sampleDir = join(ROOT, "examples", "binary-search");
  const answers = readdirSync(sampleDir).filter((f) => f !== "prompt.md");
  assert.deepEqual(record.result.example.candidates.map((c) => c.model).sort(), answers.map((f) => f.replace(/\.md$/, "")).sort());
  assert.equal(record.result.example.instruction, readFileSync(join(sampleDir, "prompt.md"), "utf8").trim());
  assert.equal(record.sourceLabel, "sample answers");
  assert.equal(record.result.rank.comparisons, 12);

  const cli = runCli(["rank", sampleDir, "--ranker", "length", "--json"]);
  assert.equal(cli.status, 0, cli.stderr);
  const expected = (JSON.parse(cli.stdout) as { items: Array<{ ranking: Array<{ model: string }> }> }).items[0].ranking.map((r) => r.model);
  assert.deepEqual(record.result.rank.ranking.map((r) => r.model), expected);
  assert.deepEqual(session.api.history.list().map((r) => r.blendId), [record.blendId]);
});

test("without its sample files the command says which folder is missing", async () => {
  session = startExtensionSession({}, "/nowhere/answer-blender");
  assert.equal(await vscode.commands.executeCommand("answerBlender.trySample"), undefined);
  const m = vscode.ui.messages.at(-1)!;
  assert.equal(m.level, "error");
  assert.match(m.text, /\/nowhere\/answer-blender\/dist\/samples\/binary-search/);
});

test("the Get Started walkthrough: localised texts, existing media, links and events that name real commands and settings", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const nls = JSON.parse(readFileSync(join(ROOT, "package.nls.json"), "utf8")) as Record<string, string>;
  const commands = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
  const settings = new Set(Object.keys(pkg.contributes.configuration.properties));
  const text = (v: string) => {
    const key = /^%(.+)%$/.exec(v)?.[1];
    assert.ok(key && nls[key], `${v} is a package.nls.json key`);
    return nls[key];
  };
  const [walkthrough] = pkg.contributes.walkthroughs as Array<{ title: string; description: string; steps: Array<{ id: string; title: string; description: string; when?: string; media: { markdown: string }; completionEvents: string[] }> }>;
  text(walkthrough.title);
  text(walkthrough.description);
  assert.deepEqual(walkthrough.steps.map((s) => s.id), ["chat", "sample", "ownAnswers", "endpoints", "engines", "export"]);
  for (const step of walkthrough.steps) {
    text(step.title);
    const links = [...text(step.description).matchAll(/\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)];
    assert.ok(links.length > 0, `${step.id} has a button`);
    for (const [, id, arg] of links) {
      if (id === "workbench.action.openSettings") {
        const [setting] = JSON.parse(decodeURIComponent(arg)) as string[];
        assert.ok(settings.has(setting), `${step.id}: setting ${setting}`);
      } else assert.ok(commands.has(id), `${step.id}: command ${id}`);
    }
    for (const ev of step.completionEvents) {
      const [kind, name] = ev.split(":");
      assert.ok(kind === "onCommand" ? commands.has(name) : kind === "onSettingChanged" && settings.has(name), `${step.id}: ${ev}`);
    }
    assert.ok(existsSync(join(ROOT, step.media.markdown)), step.media.markdown);
  }
  // Where a chat is available @blend comes first; elsewhere the first step is the sample.
  assert.equal(walkthrough.steps[0].when, "chatIsEnabled");
  assert.equal(text(walkthrough.steps[0].description).split("\n").at(-1), "[Ask @blend in Chat](command:answerBlender.askInChat)", "the chat step's button");
  assert.ok(walkthrough.steps.slice(1).every((s) => s.when === undefined), "the other steps show everywhere");
  assert.equal(text(walkthrough.steps[1].description).split("\n").at(-1), "[Try a Sample Blend](command:answerBlender.trySample)", "the first step without a chat");
});

test("npm start asks the extension to open the walkthrough; otherwise it never opens it unasked", async () => {
  const { openWalkthroughIfAsked } = await import("../../src/vscode/walkthrough");
  vscode.resetFake();
  const ctx = vscode.fakeContext("/ext");
  const opened = () => vscode.registry.executed.filter((e) => e.command === "workbench.action.openWalkthrough");
  assert.equal(await openWalkthroughIfAsked(ctx as never, {}), false);
  assert.equal(opened().length, 0);
  assert.equal(await openWalkthroughIfAsked(ctx as never, { ANSWER_BLENDER_OPEN_WALKTHROUGH: "1" }), true);
  assert.deepEqual(opened().map((e) => e.args), [["answer-blender.answer-blender#answerBlender.start", false]]);

  // The id names this extension's walkthrough, and npm start asks for it and says what to click.
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  assert.equal(`${pkg.publisher}.${pkg.name}#${pkg.contributes.walkthroughs[0].id}`, "answer-blender.answer-blender#answerBlender.start");
  assert.ok(pkg.activationEvents.includes("workspaceContains:**/prompt.md"), "activates at start in the examples/ workspace npm start opens");
  const start = readFileSync(join(ROOT, "scripts/start.mjs"), "utf8");
  assert.match(start, /ANSWER_BLENDER_OPEN_WALKTHROUGH = "1"/);
  assert.match(start, /walkthrough opens; its "Try a Sample Blend" button/);
});
