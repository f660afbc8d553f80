// End-to-end: the packaged VSIX in code-server, driven through headless Chromium as a person
// would. The scenarios run in order in one VS Code window (scenario 3 needs the blends of 1 and 2).
// Run with `npm run test:e2e`; screenshots go to test/e2e/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startOpenAiServer, type OpenAiTestServer } from "../helpers/openai-server";
import { acceptQuickPick, ASK_MODELS, quickPickRows, waitForQuickPickTitle, writePromptInScratchEditor } from "./lib/ask-models";
import { startHarness, type Harness } from "./lib/harness";
import { repoRoot } from "./lib/paths";
import { finishedPanel, readCards, sameSet } from "./lib/results-panel";
import { runScenario } from "./lib/scenario";
import * as wb from "./lib/workbench";

const TOPIC = "binary-search";
const ANSWER_FILES = ["gpt-4o.md", "llama-3-8b.md", "mistral-7b.md", "phi-3-mini.md"];
const FILE_MODELS = ANSWER_FILES.map((f) => f.replace(/\.md$/, ""));
const ENDPOINT_MODELS = ["alpha", "beta", "gamma"];
const ENDPOINT_PROMPT = "In one paragraph: why does binary search need a sorted list?\n\nAssume the reader knows what an array is.";
const ENDPOINT_ANSWERS: Record<string, string> = {
  "echo-alpha":
    "Binary search halves the search range at every step by comparing the target with the middle element. " +
    "That comparison only tells you which half can hold the target if the list is sorted; on unsorted data the discarded half may contain it, so the algorithm would miss it.",
  "echo-beta": "Because it compares with the middle element and throws away half of the list, which is only safe when the list is sorted.",
  "echo-gamma": "It needs sorting.",
};

/** Extra user settings for a run, e.g. E2E_SETTINGS='{"answerBlender.ranker":"length"}'; the CLI reference follows them. */
const extraSettings = JSON.parse(process.env.E2E_SETTINGS ?? "{}") as Record<string, unknown>;
const setting = (key: string, fallback: string) => String(extraSettings[`answerBlender.${key}`] ?? fallback);

let h: Harness;
let llm: OpenAiTestServer;

before(async () => {
  llm = await startOpenAiServer({ answers: ENDPOINT_ANSWERS });
  h = await startHarness({
    settings: {
      "answerBlender.endpoints": [
        { id: "alpha", baseUrl: llm.url, model: "echo-alpha" },
        { id: "beta", baseUrl: llm.url, model: "echo-beta" },
        { id: "gamma", baseUrl: llm.url, model: "echo-gamma" },
        { id: "broken", baseUrl: llm.url, model: "fail" },
      ],
      ...extraSettings,
    },
  });
  await h.open();
});

after(async () => {
  await h?.close();
  await llm?.close();
});

interface CliBlend {
  items: Array<{ ranking: Array<{ model: string; rank: number }>; fused: { text: string } | null }>;
}

/** The same blend through the CLI with the extension's default settings: the reference for the panel. */
function cliBlend(folder: string): CliBlend["items"][number] {
  const r = spawnSync(process.execPath, [join(repoRoot, "dist/cli.js"), "blend", folder,
    "--ranker", setting("ranker", "builtin"), "--plan", setting("plan", "full"), "--aggregate", setting("aggregate", "max-logits"),
    "--fuser", setting("fuser", "extractive"), "--top-k", setting("topK", "3"), "--json"], {
    encoding: "utf8",
    timeout: 300_000,
  });
  assert.equal(r.status, 0, `CLI blend failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as CliBlend).items[0];
}

test("1. Blend Answers on four open answer files: ranked cards, 4x4 matrix, Insert at cursor", { timeout: 900_000 }, () =>
  runScenario(h, "1-blend-files", async () => {
    const page = h.page;
    for (const f of ANSWER_FILES) await wb.openFile(page, `${TOPIC}/${f}`);
    // The prompt comes from the selection: select all of prompt.md (prompt files are never answers).
    await wb.openFile(page, `${TOPIC}/prompt.md`);
    const promptPath = join(h.workspace, TOPIC, "prompt.md");
    const promptBefore = readFileSync(promptPath, "utf8");
    await page.locator(".editor-group-container.active .monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+A");
    await wb.screenshot(page, "1a-answer-files-open");

    await wb.runCommand(page, "Answer Blender: Blend Answers");
    await wb.pickQuickItem(page, "Open editors");
    await wb.waitForValue(page, () => wb.quickPickLabels(page), (labels) => sameSet(labels, ANSWER_FILES), wb.MEDIUM, "the four answer editors offered");
    await page.keyboard.press("Enter");
    await wb.waitForValue(page, () => wb.quickInputValue(page), (v) => v === promptBefore.trim(), wb.MEDIUM, "the prompt prefilled from the selection");
    await wb.acceptInput(page);

    const frame = await finishedPanel(h.page, (models) => sameSet(models, FILE_MODELS), "four ranked cards and a fused answer");
    const cards = await readCards(frame);
    assert.deepEqual(
      cards.map((c) => c.rank),
      [1, 2, 3, 4],
    );
    const matrix = frame.locator("[data-testid=matrix]");
    assert.equal(await matrix.count(), 1);
    assert.equal(await frame.locator("[data-testid=matrix-cell]").count(), 16);
    assert.equal(await frame.locator("[data-testid=matrix-row]").count(), 4);
    assert.equal(await frame.locator("[data-testid=matrix-col]").count(), 4);
    const numbers = (await frame.locator("[data-testid=matrix-cell]").allInnerTexts()).map((t) => t.trim()).filter((t) => /^\d/.test(t));
    assert.equal(numbers.length, 12, `12 compared cells with P(row beats column), got ${numbers.join(" ")}`);
    for (const n of numbers) assert.ok(Number(n) >= 0 && Number(n) <= 1, n);
    await frame.locator("[data-testid=matrix]").scrollIntoViewIfNeeded();
    await wb.screenshot(page, "1b-results-panel");

    // The panel agrees with the CLI on the same input.
    const reference = cliBlend(join(h.workspace, TOPIC));
    assert.deepEqual(
      cards.map((c) => c.model),
      reference.ranking.map((r) => r.model),
      "card order = CLI ranking",
    );
    assert.ok(reference.fused, "CLI produced a fused answer");

    await frame.locator("[data-testid=insert-cursor]").click();
    await page.locator(".tabs-container .tab.dirty", { hasText: "prompt.md" }).waitFor({ timeout: wb.MEDIUM });
    await wb.tab(page, "prompt.md").click();
    await wb.saveActiveEditor(page, "prompt.md");
    await wb.screenshot(page, "1c-inserted");
    const after = readFileSync(promptPath, "utf8");
    assert.equal(after, promptBefore + reference.fused.text, "the fused answer was inserted at the cursor (end of the selection)");

    // The status bar item shows the last result.
    await wb.statusBarItem(page, `#1 ${cards[0].model}`).waitFor({ timeout: wb.MEDIUM });
  }),
);

test("2. Ask Models and Blend with four endpoints: the preselected endpoints answer a prompt written in the scratch editor, shown as they arrive; three ranked, the failing endpoint marked", { timeout: 900_000 }, () =>
  runScenario(h, "2-endpoints", async () => {
    const page = h.page;
    await wb.runCommand(page, ASK_MODELS);
    await waitForQuickPickTitle(page, "Ask Models: which models answer?");
    // No VS Code chat models here: the endpoints of the user settings, all preselected the first time.
    const rows = await wb.waitForValue(page, () => quickPickRows(page), (r) => r.length === 4, wb.MEDIUM, "the four endpoints offered");
    assert.deepEqual(
      rows.map((r) => [r.label, r.checked]),
      [...ENDPOINT_MODELS, "broken"].map((m) => [m, true]),
    );
    assert.equal(rows[0].group, "Endpoints (user settings)");
    assert.equal(rows[0].detail, "echo-alpha · roles: answer");
    await wb.screenshot(page, "2a-ask-models-endpoints");
    await acceptQuickPick(page);
    await writePromptInScratchEditor(page, ENDPOINT_PROMPT);
    // While "broken" is retried (about 6 s), the panel shows the answers that arrived.
    const live = await wb.webviewFrame(page, "[data-testid=live-answer][data-state=done]");
    // Meanwhile the status bar item shows the stage and progress.
    await wb.statusBarItem(page, /Asking models \d\/4/).waitFor({ timeout: wb.MEDIUM });
    const liveNames = await live.locator("[data-testid=live-answer]").evaluateAll((els) => els.map((e) => e.getAttribute("data-name")));
    assert.deepEqual(liveNames, [...ENDPOINT_MODELS, "broken"], "one line per endpoint, in the settings' order");
    await wb.screenshot(page, "2b-answers-arriving");
    const frame = await finishedPanel(h.page, (models) => sameSet(models, ENDPOINT_MODELS), "the three endpoint answers ranked");
    assert.equal(await frame.locator("[data-testid=live]").count(), 0, "the ranked cards replaced the arriving answers");
    const cards = await readCards(frame);
    assert.deepEqual(
      cards.map((c) => c.rank),
      [1, 2, 3],
    );
    const issues = frame.locator("[data-testid=issues]");
    await issues.waitFor({ timeout: wb.MEDIUM });
    const issueText = await issues.innerText();
    assert.match(issueText, /broken/, `the failed endpoint is named: ${issueText}`);
    assert.match(issueText, /HTTP 500/, `with its reason: ${issueText}`);
    assert.equal(await frame.locator("[data-testid=card][data-model=broken]").count(), 0);
    assert.equal(await frame.locator("[data-testid=matrix-cell]").count(), 9);
    const asked = new Map(llm.requests.map((r) => [r.model, r.prompt]));
    for (const m of ["echo-alpha", "echo-beta", "echo-gamma", "fail"]) assert.equal(asked.get(m), ENDPOINT_PROMPT, `the server was asked for ${m}, with the whole multi-line prompt`);
    assert.ok(llm.requests.filter((r) => r.model === "fail").length > 1, "the failing endpoint was retried");
    await issues.scrollIntoViewIfNeeded();
    await wb.screenshot(page, "2c-endpoints-panel");
    // Afterwards it names the top answer and the problem.
    await wb.statusBarItem(page, `#1 ${cards[0].model} · 1 problem`).waitFor({ timeout: wb.MEDIUM });
    // With the panel closed, the status bar item opens that blend again.
    await wb.runCommand(page, "View: Close All Editors");
    await wb.statusBarItem(page, `#1 ${cards[0].model} · 1 problem`).click();
    await finishedPanel(h.page, (models) => sameSet(models, ENDPOINT_MODELS), "the blend reopened from the status bar");
  }),
);

/** Opens the Recent Blends tree view and returns its rows once it lists `count` blends. */
async function openRecentBlends(count: number) {
  const page = h.page;
  await wb.runCommand(page, "Answer Blender: Focus on Recent Blends View");
  const rows = wb.viewContainerRows(page, "answerBlender");
  await wb.waitForValue(page, () => rows.count(), (n) => n === count, wb.MEDIUM, `${count} recent blends`);
  return rows;
}

test("3. After a window reload the panel is restored, Recent Blends lists both blends and reopens one, Export writes its report, a matrix cell opens a diff", { timeout: 900_000 }, () =>
  runScenario(h, "3-history", async () => {
    const page = h.page;
    // Reload as a person does (the workbench saves its state first), not a bare page reload.
    const navigated = page.waitForEvent("framenavigated", { predicate: (f) => f === page.mainFrame(), timeout: wb.SLOW });
    await wb.runCommand(page, "Developer: Reload Window");
    await navigated;
    await wb.waitForWorkbench(page);
    // The panel serializer brings the results panel back with the last blend it showed.
    const restored = await wb.webviewFrame(page, "[data-testid=card]");
    const restoredModels = (await readCards(restored)).map((c) => c.model);
    assert.ok(sameSet(restoredModels, ENDPOINT_MODELS), `the restored panel shows the endpoints blend: ${restoredModels}`);

    const rows = await openRecentBlends(2);
    const texts = await rows.allInnerTexts();
    const filesItem = rows.filter({ hasText: "binary search on a sorted list" });
    const endpointsItem = rows.filter({ hasText: "why does binary search need" });
    assert.equal(await filesItem.count(), 1, `the files blend is listed: ${texts.join(" | ")}`);
    assert.equal(await endpointsItem.count(), 1, `the endpoints blend is listed: ${texts.join(" | ")}`);
    assert.equal(await endpointsItem.locator(".codicon-warning").count(), 1, "the endpoints blend is marked partial");
    assert.equal(await filesItem.locator(".codicon-warning").count(), 0, "the files blend is complete");
    assert.match(await endpointsItem.locator(".label-description").innerText(), /4 models$/, "its description says when and from what");
    await wb.screenshot(page, "3a-recent-blends");

    // Reopen the older (files) blend: the click is what changes the panel.
    await filesItem.click();
    const frame = await finishedPanel(h.page, (m) => sameSet(m, FILE_MODELS), "the files blend reopened in the panel");
    assert.equal(await frame.locator("[data-testid=matrix-cell]").count(), 16);
    await wb.screenshot(page, "3b-reopened");

    // Export it from the panel header as a Markdown report: the answers in the panel's order.
    const reportPath = join(h.workspace, "binary-search-report.md");
    await frame.locator("[data-testid=export]").click();
    await wb.pickQuickItem(page, "Markdown report");
    await wb.acceptFileDialog(page, reportPath);
    await wb.notification(page, /Blend exported to/).waitFor({ timeout: wb.SLOW });
    await wb.screenshot(page, "3c-exported");
    const report = readFileSync(reportPath, "utf8");
    assert.match(report, /^# Blend: Write a Python function that performs binary search/);
    assert.deepEqual(
      [...report.matchAll(/^### #\d+ (.+)$/gm)].map((m) => m[1]),
      (await readCards(frame)).map((c) => c.model),
      "report answers in the panel's rank order",
    );

    // A matrix cell opens its two answers side by side in VS Code's diff editor. A click that
    // also has to scroll the matrix into view inside the nested webview frames landed beside
    // the cell (event target: the table) in 5 runs of 5: scroll first, and click again if no
    // diff editor came up.
    const [first, second] = await readCards(frame);
    const diffTab = page.locator(".tabs-container .tab", { hasText: `${first.model} ↔ ${second.model}` });
    const cell = frame.locator(`[data-testid=matrix-cell][data-row="${first.model}"][data-col="${second.model}"]`);
    await cell.scrollIntoViewIfNeeded();
    await wb.waitUntil(
      page,
      async () => {
        await cell.click();
        return diffTab.waitFor({ timeout: 5000 }).then(() => true, () => false);
      },
      wb.MEDIUM,
      "a diff editor for the #1 and #2 answers",
    );
    await page.locator(".monaco-diff-editor").first().waitFor({ timeout: wb.MEDIUM });
    await wb.screenshot(page, "3d-compare");
  }),
);

test("4. A malformed MixInstruct file: a clear error naming the file, no crash, Show Log opens the log", { timeout: 900_000 }, () =>
  runScenario(h, "4-malformed", async () => {
    const page = h.page;
    const folder = join(h.root, "malformed-workspace");
    mkdirSync(folder, { recursive: true });
    const good = readFileSync(join(h.workspace, "mixinstruct-sample.json"), "utf8");
    // Cut mid-record: not valid JSON any more.
    const bad = join(folder, "mixinstruct-broken.json");
    writeFileSync(bad, good.slice(0, Math.floor(good.length * 0.6)));
    await h.open(folder);

    await wb.runCommand(page, "Answer Blender: Blend Answers");
    await wb.pickQuickItem(page, "MixInstruct or blend-set file");
    // code-server's open dialog is a quick input holding a path: type the file's path and accept.
    await wb.acceptFileDialog(page, bad);

    const toast = wb.notification(page, "mixinstruct-broken.json");
    await toast.waitFor({ timeout: wb.SLOW });
    const message = await toast.locator(".notification-list-item-message").innerText();
    assert.match(message, /mixinstruct-broken\.json/);
    assert.match(message, /line|JSON|position/i, `the message says where: ${message}`);
    await page.waitForTimeout(1000); // let the toast finish fading in
    await wb.screenshot(page, "4a-error");

    await toast.locator(".monaco-button", { hasText: "Show Log" }).click();
    const output = page.locator(".part.panel .output-view, .part.panel [id='workbench.panel.output']").first();
    await output.waitFor({ timeout: wb.MEDIUM });
    // The log wraps long lines: compare without line breaks.
    const logText = async () => (await page.locator(".part.panel .monaco-editor .view-lines").first().innerText()).replace(/\s*\n\s*/g, "");
    await wb.waitForValue(page, logText, (t) => t.includes("mixinstruct-broken.json") && /error/i.test(t), wb.MEDIUM, "the log naming the file");
    await wb.screenshot(page, "4b-log");

    // Still alive: the command runs again.
    await wb.runCommand(page, "Answer Blender: Blend Answers");
    await wb.pickQuickItem(page, "Open editors", wb.MEDIUM).catch(async () => assert.fail("Blend Answers no longer responds after the error"));
    await wb.closeQuickInput(page);
    await wb.notification(page, /open at least two editors/).waitFor({ timeout: wb.MEDIUM });
  }),
);

test("5. Get Started walkthrough: its Try a Sample Blend button ranks the answers shipped with the extension", { timeout: 900_000 }, () =>
  runScenario(h, "5-walkthrough", async () => {
    const page = h.page;
    await wb.runCommand(page, "Welcome: Open Walkthrough...");
    await wb.pickQuickItem(page, "Get Started with Answer Blender");
    const button = page.getByRole("button", { name: "Try a Sample Blend" });
    await button.waitFor({ timeout: wb.SLOW });
    await wb.screenshot(page, "5a-walkthrough");
    await button.click();
    const frame = await finishedPanel(h.page, (models) => sameSet(models, FILE_MODELS), "the four sample answers ranked and fused");
    assert.match(await frame.locator("[data-testid=facts]").innerText(), /sample answers/);
    await wb.screenshot(page, "5b-sample-blend");
  }),
);
