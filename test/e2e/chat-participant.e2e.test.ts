// End-to-end: the @blend chat participant in code-server 4.104's Chat view, with the test chat
// models (test/e2e/lm-provider) streaming from a local OpenAI-compatible server. /models picks
// the answer, judge and fuser models through real quick picks; @blend asks them, the reply shows
// the fused answer and the ranking table; its "Show ranking and matrix" button opens the
// results panel on that blend. Run with `npm run test:e2e`.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chatResponseButtons, chatResponseTable, clickChatResponseButton, maximizeChat, openChat, sendChatQuery, waitForChatModel, waitForChatResponse } from "./lib/chat";
import { executeCommand } from "./lib/bridge";
import { judgeReply, startTestChatModels, type TestChatModels } from "./lib/chat-models";
import { startHarness, type Harness } from "./lib/harness";
import { extensionLog } from "./lib/logs";
import { finishedPanel, readCards } from "./lib/results-panel";
import { runScenario } from "./lib/scenario";
import * as wb from "./lib/workbench";
import { JUDGE_SYSTEM_PROMPT } from "../../src/core/rank/engines/judge-prompt";

const QUESTION = "Why does binary search need a sorted list?";
const ALPHA = "Binary search halves the range at every step, so it needs the list sorted to know which half to keep.";
const BETA = "Sorted order is what lets each comparison with the middle element discard half of the list safely, which gives the logarithmic running time.";
const GAMMA = "Because of the halving.";
const FUSED = "Binary search compares the target with the middle element and throws away the half that cannot hold it. Only a sorted list tells it which half that is, so every step halves the range and the search takes O(log n) steps.";

let h: Harness;
let models: TestChatModels;

before(async () => {
  models = await startTestChatModels([
    { id: "alpha", name: "Alpha Test", reply: ALPHA, isDefault: true },
    { id: "beta", name: "Beta Test", reply: BETA, chunkDelayMs: 10 },
    { id: "gamma", name: "Gamma Test", reply: GAMMA },
    { id: "blocked", name: "Blocked Test", fail: "Blocked" },
    // Prefers the longer answer, whichever order it is shown.
    { id: "judge", name: "Judge Test", reply: judgeReply((a, b) => (a.length >= b.length ? "A" : "B")) },
    { id: "fuser", name: "Fuser Test", reply: FUSED, chunkDelayMs: 20 },
  ]);
  h = await startHarness({ name: "chat-participant", chatModels: models });
  await h.open();
});

after(async () => {
  await h?.close();
});

test("10. @blend in the Chat view: /models picks the models, @blend answers with the fused text and the ranking table, Show ranking and matrix opens the panel on that blend", { timeout: 600_000 }, () =>
  runScenario(h, "10-chat-participant", async () => {
    const page = h.page;
    await openChat(h);
    await waitForChatModel(page, "Alpha Test");

    // /models: the answer models (multi-select), then the judge and the fuser, in real quick picks.
    const models8 = await sendChatQuery(h, "@blend /models");
    await wb.pickQuickItems(page, ["Alpha Test", "Beta Test", "Gamma Test", "Blocked Test"]);
    await wb.pickQuickItem(page, "Judge Test");
    await wb.pickQuickItem(page, "Fuser Test");
    const chosen = await waitForChatResponse(page, models8, (t) => t.includes("Fuser:"));
    assert.match(chosen, /Answer models: e2e-test\/alpha, e2e-test\/beta, e2e-test\/gamma, e2e-test\/blocked/);
    assert.match(chosen, /Judge: e2e-test\/judge/);
    assert.match(chosen, /Fuser: e2e-test\/fuser/);

    // @blend <question>: four models asked (one refuses), the judge ranks, the fuser writes the answer.
    const reply = await sendChatQuery(h, `@blend ${QUESTION}`);
    const text = await waitForChatResponse(page, reply, (t) => t.includes(FUSED) && t.includes("Fused by"));
    assert.ok(text.startsWith(FUSED), `the reply starts with the fused answer:\n${text}`);
    assert.match(text, /Fused by LLM fusion \(Fuser Test\) from the top 3 of 3 answers; ranked by the judge model e2e-test\/judge, \d+ comparisons\./);
    const table = await chatResponseTable(page, reply);
    assert.deepEqual(table[0], ["#", "model", "score", "note"]);
    // The judge prefers the longer answer: beta wins; the knockout's two losers may share a rank.
    const ranked = table.slice(1, 4).map((r) => ({ rank: Number(r[0]), model: r[1] }));
    assert.deepEqual(ranked[0], { rank: 1, model: "e2e-test/beta" }, JSON.stringify(table));
    assert.deepEqual(ranked.map((r) => r.model).slice(1).sort(), ["e2e-test/alpha", "e2e-test/gamma"]);
    assert.ok(ranked.slice(1).every((r) => r.rank >= 2));
    assert.ok(table.slice(1, 4).every((r) => r[3] === "in the fused answer"));
    assert.deepEqual(table[4].slice(0, 3), ["—", "e2e-test/blocked", "—"]);
    assert.match(table[4][3], /^⚠ failed: blocked/);
    assert.ok(table.slice(1, 4).every((r) => /^-?\d+\.\d{3}$/.test(r[2])), "scores shown");
    assert.deepEqual(await chatResponseButtons(page, reply), ["Show ranking and matrix", "Insert", "Use answer #2…"]);

    // What the models were sent: the question (the answerers), judge prompts (the judge), one fusion request.
    for (const id of ["alpha", "beta", "gamma"]) assert.equal(models.requestsFor(id).at(-1)?.prompt, QUESTION, id);
    assert.equal(models.requestsFor("blocked").length, 0, "the refusing model never reached the server");
    const judged = models.requestsFor("judge");
    assert.equal(judged.length, 4, "knockout over 3 answers: 2 matches in both orders");
    assert.ok(judged.every((r) => JSON.stringify(r.body.messages).includes(JUDGE_SYSTEM_PROMPT.slice(0, 40))));
    assert.equal(models.requestsFor("fuser").length, 1);

    // The reply, readable: the chat maximized for the screenshot, then back beside the editors.
    assert.ok((await maximizeChat(h)) > 1000);
    await wb.screenshot(page, "10a-blend-reply");
    await executeCommand(h, "workbench.action.toggleMaximizedAuxiliaryBar");

    // Show ranking and matrix: the results panel on this blend (its cards in the table's order).
    await clickChatResponseButton(page, reply, "Show ranking and matrix");
    const frame = await finishedPanel(page, (m) => m.length === 3, "the results panel on the @blend blend");
    assert.deepEqual(await readCards(frame), ranked, "the panel ranks as the chat's table says");
    assert.equal((await frame.locator("[data-testid=fused-text]").innerText()).trim(), FUSED);
    assert.match(await frame.locator("body").innerText(), /e2e-test\/blocked/, "the refusal is marked in the panel too");
    await wb.screenshot(page, "10b-panel-from-chat");

    assert.match(extensionLog(h.profile, "answer-blender.answer-blender"), /@blend: 0 references, chat model e2e-test\/alpha/);
  }),
);
