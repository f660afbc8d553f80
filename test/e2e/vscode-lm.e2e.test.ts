// End-to-end: VS Code's Language Model API and Chat view in code-server 4.104 (VS Code 1.104),
// with chat models from the test provider extension (test/e2e/lm-provider) that stream from a
// local OpenAI-compatible server. No Copilot, no network. Run with `npm run test:e2e`.
// These scenarios prove the infrastructure the product's chat-model scenarios build on.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { recordedClicks, selectChatModels, sendChatRequest, startBridge } from "./lib/bridge";
import { chatResponseButtons, chatResponseTable, clickChatResponseButton, maximizeChat, openChat, sendChatQuery, typeChatMessage, waitForChatModel, waitForChatResponse } from "./lib/chat";
import { judgeReply, startTestChatModels, TEST_VENDOR, type TestChatModels } from "./lib/chat-models";
import { startHarness, type Harness } from "./lib/harness";
import { extensionHostLog, extensionLog } from "./lib/logs";
import { runScenario } from "./lib/scenario";
import * as wb from "./lib/workbench";
import { PROVIDER_EXTENSION_ID } from "./lm-provider/src/protocol";
import { ANSWER_A_END, ANSWER_A_START, ANSWER_B_END, ANSWER_B_START } from "../../src/core/rank/engines/judge-prompt";

const ALPHA = "Binary search halves the range at every step, so it needs the list sorted to know which half to keep.";
const BETA = "Sorted order is what lets each comparison with the middle element discard half of the list safely.";
const PROMPT = "Why does binary search need a sorted list?";

let h: Harness;
let models: TestChatModels;

before(async () => {
  models = await startTestChatModels([
    { id: "alpha", name: "Alpha Test", family: "e2e-alpha", maxInputTokens: 16000, reply: ALPHA, isDefault: true },
    { id: "beta", name: "Beta Test", family: "e2e-beta", maxInputTokens: 4096, reply: BETA, chunkDelayMs: 10 },
    { id: "blocked", name: "Blocked Test", fail: "Blocked" },
    { id: "cutoff", name: "Cutoff Test", reply: BETA, fail: "NoPermissions", failAfterChunks: 3 },
    { id: "broken", name: "Broken Test", httpStatus: 500 },
    { id: "judge", name: "Judge Test", reply: judgeReply((a, b) => (a.length >= b.length ? "A" : "B")) },
  ]);
  h = await startHarness({ name: "vscode-lm", chatModels: models });
  await h.open();
});

after(async () => {
  await h?.close();
});

test("6. vscode.lm in the e2e VS Code: the test models are listed, a request streams from the local server, refusals arrive as VS Code's", { timeout: 600_000 }, () =>
  runScenario(h, "6-language-models", async () => {
    const listed = await selectChatModels(h, { vendor: TEST_VENDOR });
    assert.deepEqual(
      listed.map((m) => `${m.vendor}/${m.id} ${m.name} ${m.family} ${m.maxInputTokens}`).sort(),
      [
        "e2e-test/alpha Alpha Test e2e-alpha 16000",
        "e2e-test/beta Beta Test e2e-beta 4096",
        "e2e-test/blocked Blocked Test e2e 8192",
        "e2e-test/broken Broken Test e2e 8192",
        "e2e-test/cutoff Cutoff Test e2e 8192",
        "e2e-test/judge Judge Test e2e 8192",
      ],
    );
    assert.deepEqual((await selectChatModels(h, { vendor: TEST_VENDOR, family: "e2e-beta" })).map((m) => m.id), ["beta"]);

    const beta = await sendChatRequest(h, { vendor: TEST_VENDOR, id: "beta" }, PROMPT);
    assert.equal(beta.error, undefined, JSON.stringify(beta.error));
    assert.equal(beta.text, BETA);
    assert.ok(beta.chunks.length > 5, `streamed in parts: ${beta.chunks.length}`);
    assert.deepEqual(
      models.requestsFor("beta").map((r) => [r.prompt, r.stream]),
      [[PROMPT, true]],
      "the provider forwarded the request to the local server, streamed",
    );

    // A refusal: the provider throws LanguageModelError.Blocked(); the server is never asked.
    const blocked = await sendChatRequest(h, { vendor: TEST_VENDOR, id: "blocked" }, PROMPT);
    // sendRequest() resolves; the error comes while reading the stream.
    assert.deepEqual([blocked.error?.name, blocked.error?.code, blocked.error?.phase, blocked.text], ["LanguageModelError", "Blocked", "stream", ""], JSON.stringify(blocked.error));
    assert.equal(models.requestsFor("blocked").length, 0);
    // Refused after three chunks: the consumer has the partial text, then the error.
    const cutoff = await sendChatRequest(h, { vendor: TEST_VENDOR, id: "cutoff" }, PROMPT);
    assert.deepEqual([cutoff.error?.code, cutoff.error?.phase, cutoff.chunks.length], ["NoPermissions", "stream", 3], JSON.stringify(cutoff));
    assert.ok(BETA.startsWith(cutoff.text) && cutoff.text.length > 0, cutoff.text);
    // The server fails (HTTP 500): the provider's own Error reaches the consumer with its name and message, no code.
    const broken = await sendChatRequest(h, { vendor: TEST_VENDOR, id: "broken" }, PROMPT);
    assert.deepEqual([broken.error?.name, broken.error?.code], ["HttpError", undefined], JSON.stringify(broken.error));
    assert.match(broken.error?.message ?? "", /HTTP 500/);
    console.error(`[e2e] errors as the consumer sees them: ${JSON.stringify({ blocked: blocked.error, cutoff: cutoff.error, broken: broken.error })}`);

    // A judge model reads the two answers from the judge prompt and prefers the longer one.
    const judgePrompt = `Which is better?\n${ANSWER_A_START}\nshort\n${ANSWER_A_END}\n${ANSWER_B_START}\na longer answer\n${ANSWER_B_END}`;
    assert.equal((await sendChatRequest(h, { vendor: TEST_VENDOR, id: "judge" }, judgePrompt)).text, "B");

    // A multi-select quick pick answered from the test (what "pick three chat models" will use).
    const pick = await startBridge(h, { op: "showQuickPick", items: ["Alpha Test", "Beta Test", "Blocked Test", "Judge Test"], canPickMany: true });
    await wb.pickQuickItems(h.page, ["Alpha Test", "Blocked Test", "Beta Test"]);
    assert.deepEqual(await pick.result, ["Alpha Test", "Beta Test", "Blocked Test"]);

    assert.match(extensionHostLog(h.profile), /ExtensionService#_doActivateExtension answer-blender-e2e\.e2e-lm-provider/);
    assert.match(extensionLog(h.profile, PROVIDER_EXTENSION_ID, "E2E Test Models"), /request to cutoff \(server model cutoff, 1 messages\)/);
  }),
);

test("7. The Chat view without Copilot: the default test participant answers with the default model; typed follow-up, table and button", { timeout: 600_000 }, () =>
  runScenario(h, "7-chat-view", async () => {
    const page = h.page;
    await openChat(h);
    await waitForChatModel(page, "Alpha Test");
    const first = await sendChatQuery(h, "Explain binary search in one sentence.");
    assert.equal(await waitForChatResponse(page, first), ALPHA, "the default participant answered with the default model");
    assert.equal(models.requestsFor("alpha").at(-1)?.prompt, "Explain binary search in one sentence.");

    const second = await typeChatMessage(page, "And why sorted?");
    assert.equal(second, first + 2, "a request row and a response row each");
    assert.equal(await waitForChatResponse(page, second), ALPHA);
    const sent = models.requestsFor("alpha").at(-1)?.body.messages as Array<{ role: string; content: string }>;
    assert.deepEqual(
      sent.map((m) => m.role),
      ["user", "assistant", "user"],
      "the second turn carries the first one as history",
    );

    // A participant mention and a slash command, the form "@blend /rank …" will take.
    const third = await sendChatQuery(h, "@tester /demo rank them");
    await waitForChatResponse(page, third, (t) => t.startsWith(ALPHA));
    assert.deepEqual(await chatResponseTable(page, third), [
      ["rank", "model"],
      ["1", "Alpha Test"],
      ["2", "(none)"],
    ]);
    assert.deepEqual(await chatResponseButtons(page, third), ["Record Click"]);
    await clickChatResponseButton(page, third, "Record Click");
    await wb.waitForValue(page, async () => recordedClicks(h), (c) => c.length === 1, wb.MEDIUM, "the button's command to run");
    assert.deepEqual(recordedClicks(h), [[{ prompt: "rank them", model: "alpha" }]]);
    await wb.screenshot(page, "7a-chat-view");
    assert.ok((await maximizeChat(h)) > 1000);
    await wb.screenshot(page, "7b-chat-maximized");

    assert.match(extensionLog(h.profile, PROVIDER_EXTENSION_ID, "E2E Test Models"), /participant: "And why sorted\?" with model e2e-test\/alpha/);
  }),
);
