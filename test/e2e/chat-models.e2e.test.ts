// End-to-end: "Ask Models and Blend" with VS Code's own chat models (the Language Model API) in
// code-server 4.104, the models coming from the test provider extension (test/e2e/lm-provider)
// and streaming from a local OpenAI-compatible server. Scenario 8 asks three models, one of
// which refuses as VS Code models do; scenario 9 picks a judge and a fuser model with their
// commands and blends with them. Run with `npm run test:e2e`; screenshots go to test/e2e/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Frame } from "playwright-core";
import { judgePair } from "../helpers/openai-server";
import { acceptQuickPick, ASK_MODELS, checkQuickItems, CHOOSE_JUDGE, quickPickPlaceholder, quickPickRows, waitForQuickPickTitle, writePromptInScratchEditor } from "./lib/ask-models";
import { judgeReply, startTestChatModels, TEST_VENDOR, type TestChatModels } from "./lib/chat-models";
import { readUserSettings } from "./lib/code-server";
import { startHarness, type Harness } from "./lib/harness";
import { finishedPanel, readCards, sameSet } from "./lib/results-panel";
import { runScenario } from "./lib/scenario";
import * as wb from "./lib/workbench";

// Answers of different lengths: the judge model prefers the longer one, so the order is known.
const ALPHA =
  "Binary search compares the target with the middle element and then discards the half that cannot hold it. " +
  "That step is only correct when the list is sorted: on unsorted data the discarded half may still contain the target.";
const BETA = "Sorted order is what lets each comparison with the middle element discard half of the list safely.";
const GAMMA = "It needs sorting to know which half to drop.";
const FUSED =
  "Binary search needs a sorted list because every step compares the target with the middle element and throws away one half. " +
  "Only sorted order guarantees that the discarded half cannot hold the target, so the search stays correct while halving the work each time.";
const PROMPT = "Why does binary search need a sorted list?\n\nAnswer in two sentences, for a beginner.";
const TARGET_FILE = "notes.md";
const TARGET_TEXT = "# Notes on binary search\n\n";

const id = (model: string) => `${TEST_VENDOR}/${model}`;

let h: Harness;
let models: TestChatModels;

before(async () => {
  models = await startTestChatModels([
    { id: "alpha", name: "Alpha Test", reply: ALPHA, isDefault: true },
    { id: "beta", name: "Beta Test", family: "e2e-beta", maxInputTokens: 4096, reply: BETA },
    { id: "gamma", name: "Gamma Test", reply: GAMMA },
    { id: "blocked", name: "Blocked Test", fail: "Blocked" },
    { id: "judge", name: "Judge Test", reply: judgeReply((a, b) => (a.length >= b.length ? "A" : "B")) },
    // Slow enough to watch the fused text grow (about 40 chunks).
    { id: "fuser", name: "Fuser Test", reply: FUSED, chunkDelayMs: 100 },
  ]);
  h = await startHarness({ name: "chat-models", chatModels: models });
  writeFileSync(join(h.workspace, TARGET_FILE), TARGET_TEXT);
  await h.open();
});

after(async () => {
  await h?.close();
});

/** The notification of the running blend ("Blending answers (3 models) · 3 answers + …"). */
async function progressToast(): Promise<string> {
  const toast = wb.notification(h.page, /Blending answers/);
  await toast.waitFor({ timeout: wb.MEDIUM });
  return (await toast.locator(".notification-list-item-message").innerText()).replace(/\s+/g, " ");
}

test("8. Ask Models and Blend: three VS Code chat models picked, one refuses (Blocked): two ranked cards, the refusal marked with its reason", { timeout: 600_000 }, () =>
  runScenario(h, "8-ask-models", async () => {
    const page = h.page;
    // The prompt: the selected text of prompt.md.
    await wb.openFile(page, "binary-search/prompt.md");
    const prompt = readFileSync(join(h.workspace, "binary-search/prompt.md"), "utf8").trim();
    await page.locator(".editor-group-container.active .monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+A");

    await wb.runCommand(page, ASK_MODELS);
    await waitForQuickPickTitle(page, "Ask Models: which models answer?");
    const rows = await wb.waitForValue(page, () => quickPickRows(page), (r) => r.filter((x) => !x.separator).length === 6, wb.MEDIUM, "six chat models offered");
    assert.deepEqual(
      rows.map((r) => r.group || r.separator),
      ["VS Code chat models", false, false, false, false, false],
      "one group, VS Code's models",
    );
    const beta = rows.find((r) => r.label === "Beta Test");
    assert.deepEqual(beta && [beta.description, beta.detail], ["e2e-test · e2e-beta", "e2e-test/beta · 4,096 input tokens"], JSON.stringify(beta));
    assert.deepEqual(
      rows.filter((r) => r.checked).map((r) => r.label),
      [],
      "VS Code models (maybe metered) are not preselected the first time",
    );
    assert.equal(await quickPickPlaceholder(page), "The picked models answer; their answers are ranked and fused");
    await checkQuickItems(page, ["Alpha Test", "Beta Test", "Blocked Test"]);
    await wb.screenshot(page, "8a-ask-models-pick");
    // Beta waits at the server until the test has seen the answers arriving.
    const releaseBeta = models.hold("beta");
    await acceptQuickPick(page);

    await waitForQuickPickTitle(page, "Ask Models: which prompt?");
    await wb.pickQuickItem(page, "Selected text");

    const live = await wb.webviewFrame(page, `[data-testid=live-answer][data-name="${id("blocked")}"][data-state=failed]`);
    const liveState = async () =>
      live.locator("[data-testid=live-answer]").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-name")} ${e.getAttribute("data-state")}`));
    await wb.waitForValue(page, liveState, (s) => s.includes(`${id("alpha")} done`), wb.MEDIUM, "alpha's answer done");
    assert.deepEqual(await liveState(), [`${id("alpha")} done`, `${id("beta")} waiting`, `${id("blocked")} failed`]);
    const liveError = await live.locator(`[data-testid=live-answer][data-name="${id("blocked")}"] [data-testid=live-error]`).innerText();
    assert.match(liveError, /^blocked \(/, `the refusal's reason while the others write: ${liveError}`);
    assert.match(await progressToast(), /Blending answers \(3 models\) · 3 answers/);
    await wb.screenshot(page, "8b-answers-arriving");
    releaseBeta();

    const frame = await finishedPanel(page, (m) => sameSet(m, [id("alpha"), id("beta")]), "the two answers ranked");
    assert.deepEqual(
      (await readCards(frame)).map((c) => c.rank),
      [1, 2],
    );
    assert.equal(await frame.locator(`[data-testid=card][data-model="${id("blocked")}"]`).count(), 0, "no card for the refusing model");
    // Named once, with VS Code's reason: "e2e-test/blocked  blocked (… refuses (Blocked))".
    const issue = frame.locator("[data-testid=issues] [data-testid=issue]");
    assert.equal(await issue.count(), 1);
    assert.equal(await issue.locator(".issue-where").innerText(), id("blocked"));
    const reason = await issue.locator(".issue-message").innerText();
    assert.match(reason, /^blocked \(.*Blocked\)\)$/, `the refusal's reason: ${reason}`);
    // The toast says how many, the panel lists them (it does not repeat the panel's list).
    const toast = await wb.notification(page, /Blended 2 answers with 1 problem/).innerText();
    assert.doesNotMatch(toast, /Blocked/, toast);
    // No judge model yet: the builtin ranker decided, and the panel offers a chat-model judge.
    const ranker = frame.locator("[data-testid=ranker-note]");
    assert.equal(await ranker.getAttribute("data-ranker"), "builtin");
    assert.match(await ranker.innerText(), /builtin ranker.*not correctness/s);
    assert.equal(await ranker.locator("[data-testid=rank-with-model]").count(), 1);
    await wb.screenshot(page, "8c-panel-refusal-marked");

    for (const m of ["alpha", "beta"]) assert.deepEqual(models.requestsFor(m).map((r) => r.prompt), [prompt], `${m} was asked the selected prompt`);
    assert.equal(models.requestsFor("blocked").length, 0, "the refusal came from VS Code's side, the server never saw it");
    for (const m of ["gamma", "judge", "fuser"]) assert.equal(models.requestsFor(m).length, 0, `${m} was not picked`);
  }),
);

/** Samples the fused answer's text while it streams; resolves to the distinct texts seen, the last one finished. */
async function watchFusedText(frame: Frame): Promise<string[]> {
  const seen: string[] = [];
  const fused = frame.locator("[data-testid=fused]");
  await wb.waitUntil(h.page, async () => (await fused.getAttribute("aria-busy")) === "true", wb.SLOW, "the fusion to start");
  for (;;) {
    const busy = (await fused.getAttribute("aria-busy")) === "true";
    const text = (await frame.locator("[data-testid=fused-text]").innerText()).trim();
    if (text && text !== seen.at(-1) && !text.startsWith("Waiting for")) seen.push(text);
    if (!busy) return seen;
    await h.page.waitForTimeout(150);
  }
}

test("9. Choose Judge Model… and Choose Fuser Model…, then Ask Models and Blend: the judge ranks, the fused text streams in, Insert puts it into the editor", { timeout: 600_000 }, () =>
  runScenario(h, "9-judge-and-fuser", async () => {
    const page = h.page;
    await wb.runCommand(page, CHOOSE_JUDGE);
    await waitForQuickPickTitle(page, "Judge model: which model ranks the answers?");
    await wb.screenshot(page, "9a-choose-judge");
    await wb.pickQuickItem(page, "Judge Test");
    await wb.waitForValue(page, async () => readUserSettings(h.profile)["answerBlender.judgeModel"], (v) => v === id("judge"), wb.MEDIUM, "answerBlender.judgeModel in the user settings");
    // The fuser the way the Settings editor offers it: the setting's description links to the pick.
    await wb.clickSettingLink(page, "answerBlender.fuserModel", "Choose Fuser Model…");
    await waitForQuickPickTitle(page, "Fuser model: which model writes the fused answer?");
    await wb.screenshot(page, "9a-fuser-from-settings");
    await wb.pickQuickItem(page, "Fuser Test");
    await wb.waitForValue(
      page,
      async () => {
        const s = readUserSettings(h.profile);
        return [s["answerBlender.fuserModel"], s["answerBlender.fuser"]];
      },
      (v) => v[0] === id("fuser") && v[1] === "llm",
      wb.MEDIUM,
      "answerBlender.fuserModel (and the llm fuser) in the user settings",
    );

    // Insert goes where the cursor was: the end of notes.md.
    await wb.openFile(page, TARGET_FILE);
    await wb.focusEditorAtEnd(page, TARGET_FILE);

    await wb.runCommand(page, ASK_MODELS);
    await waitForQuickPickTitle(page, "Ask Models: which models answer?");
    const rows = await wb.waitForValue(page, () => quickPickRows(page), (r) => r.length === 4, wb.MEDIUM, "four answering models offered");
    assert.deepEqual(
      rows.map((r) => r.label),
      ["Alpha Test", "Beta Test", "Gamma Test", "Blocked Test"],
      "the judge and fuser models are not offered as answerers",
    );
    assert.equal(await quickPickPlaceholder(page), "Not asked to answer: Judge Test (judge), Fuser Test (fuse)");
    assert.deepEqual(
      rows.filter((r) => r.checked).map((r) => r.label),
      ["Alpha Test", "Beta Test", "Blocked Test"],
      "last time's selection is preselected",
    );
    await checkQuickItems(page, ["Alpha Test", "Beta Test", "Gamma Test"]);
    // Alpha waits at the server until the test has read the request budget.
    const releaseAlpha = models.hold("alpha");
    await acceptQuickPick(page);
    await writePromptInScratchEditor(page, PROMPT);

    // The request budget, before any answer came back: knockout (a chat-model judge's default
    // plan) over 3 answers is 2 matches in both orders. In the notification and the panel.
    const budget = "Blending answers (3 models) · 3 answers + 4 judge calls + 1 fusion";
    assert.ok((await progressToast()).startsWith(budget), await progressToast());
    const busy = await wb.webviewFrame(page, "[data-testid=busy-title]");
    await wb.waitForValue(page, () => busy.locator("[data-testid=busy-title]").innerText(), (t) => t === budget, wb.MEDIUM, "the budget in the panel");
    await wb.screenshot(page, "9b-request-budget");
    releaseAlpha();

    const streaming = await wb.webviewFrame(page, "[data-testid=fused][aria-busy=true]");
    const texts = await watchFusedText(streaming);
    console.error(`[e2e] fused text lengths seen while streaming: ${texts.map((t) => t.length).join(" ")}`);
    assert.ok(texts.length >= 3, `the fused text grew in steps: ${texts.map((t) => t.length).join(" ")}`);
    const words = (t: string) => t.replace(/\s+/g, " ");
    for (const t of texts) assert.ok(words(FUSED).startsWith(words(t)), `a prefix of the fused answer: ${t}`);

    const frame = await finishedPanel(page, (m) => sameSet(m, [id("alpha"), id("beta"), id("gamma")]), "three ranked answers and the fused one");
    const cards = await readCards(frame);
    assert.equal(cards[0].model, id("alpha"), "the judge (prefers the longer answer) put alpha first");
    for (const m of ["judge", "fuser"]) assert.equal(await frame.locator(`[data-testid=card][data-model="${id(m)}"]`).count(), 0, `no card for ${m}`);
    assert.equal(words((await frame.locator("[data-testid=fused-text]").innerText()).trim()), words(FUSED));
    const ranker = frame.locator("[data-testid=ranker-note]");
    assert.equal(await ranker.getAttribute("data-ranker"), "judge");
    assert.match(await ranker.innerText(), new RegExp(`judge model ${id("judge")}`));
    assert.equal(await ranker.locator("[data-testid=rank-with-model]").count(), 0);
    await wb.screenshot(page, "9c-panel-judged-and-fused");

    // Who was asked what: the answerers the prompt, the judge only judge prompts, the fuser once.
    for (const m of ["alpha", "beta", "gamma"]) assert.deepEqual(models.requestsFor(m).slice(-1).map((r) => r.prompt), [PROMPT], `${m} got the multi-line prompt`);
    const judged = models.requestsFor("judge");
    assert.equal(judged.length, 4, "as many judge calls as the budget said");
    for (const r of judged) {
      const { a, b } = judgePair((r.body.messages as Array<{ content: string }>).map((m) => m.content).join("\n"));
      assert.ok([ALPHA, BETA, GAMMA].includes(a) && [ALPHA, BETA, GAMMA].includes(b) && a !== b, `a judge prompt comparing two answers: ${r.prompt.slice(0, 200)}`);
    }
    const fusions = models.requestsFor("fuser");
    assert.equal(fusions.length, 1);
    assert.ok(JSON.stringify(fusions[0].body.messages).includes(ALPHA.slice(0, 60)), "the fuser got the answers");

    await frame.locator("[data-testid=insert-cursor]").click();
    await page.locator(".tabs-container .tab.dirty", { hasText: TARGET_FILE }).waitFor({ timeout: wb.MEDIUM });
    await wb.tab(page, TARGET_FILE).click();
    await wb.saveActiveEditor(page, TARGET_FILE);
    await wb.screenshot(page, "9d-inserted");
    assert.equal(readFileSync(join(h.workspace, TARGET_FILE), "utf8"), TARGET_TEXT + FUSED, "the fused answer inserted at the cursor");
  }),
);

test("11. Ask Models and Blend cancelled while Gamma still answers: the message's Rank the 2 answers that arrived ranks Alpha and Beta, Gamma marked as stopped", { timeout: 600_000 }, () =>
  runScenario(h, "11-rank-arrived", async () => {
    const page = h.page;
    const releaseGamma = models.hold("gamma");
    const before = models.requestsFor("alpha").length;
    try {
      await wb.runCommand(page, ASK_MODELS);
      await waitForQuickPickTitle(page, "Ask Models: which models answer?");
      await checkQuickItems(page, ["Alpha Test", "Beta Test", "Gamma Test"]);
      await acceptQuickPick(page);
      await writePromptInScratchEditor(page, "Why is binary search fast?");
      const live = await wb.webviewFrame(page, "[data-testid=live]");
      await wb.waitForValue(
        page,
        () => live.locator("[data-testid=live-answer][data-state=done]").count(),
        (n) => n === 2,
        wb.MEDIUM,
        "Alpha and Beta answered, Gamma still waits",
      );
      await wb.runCommand(page, "Answer Blender: Cancel Blend");
      await wb.screenshot(page, "11a-cancelled-offer");
      await wb.clickNotificationButton(page, /Blend cancelled/, "Rank the 2 answers that arrived");
      const frame = await finishedPanel(page, (m) => sameSet(m, [id("alpha"), id("beta")]), "the two answers that arrived, ranked");
      const issue = frame.locator("[data-testid=issues] [data-testid=issue]");
      assert.equal(await issue.count(), 1);
      assert.equal(await issue.locator(".issue-where").innerText(), id("gamma"));
      assert.equal(await issue.locator(".issue-message").innerText(), "stopped before it answered");
      assert.equal(models.requestsFor("alpha").length, before + 1, "Alpha was asked once: ranking what arrived asks no answerer again");
      await wb.screenshot(page, "11b-arrived-ranked");
    } finally {
      releaseGamma();
    }
  }),
);
