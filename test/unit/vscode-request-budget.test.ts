import "../helpers/install-fake-vscode";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as vscode from "../helpers/fake-vscode";
import { readSettings, SETTINGS_SECTION } from "../../src/vscode/settings";
import { enginePlan } from "../../src/vscode/engine-plan";
import { budgetText, planBudget } from "../../src/vscode/request-budget";

const config = () => vscode.workspace.getConfiguration(SETTINGS_SECTION);
const authors = ["copilot/gpt-4o", "copilot/claude", "ollama-llama"].map((id) => ({ model: id, text: "", meta: { endpoint: id } }));
const expected = { answers: 3, candidates: 3, authors };

beforeEach(() => vscode.resetFake());

test("the budget follows the judge mode: pairwise knockout, listwise k orders, a council of the answering models", () => {
  vscode.settings.global.set("ranker", "judge");
  vscode.settings.global.set("judgeModel", "copilot/gpt-4o");
  const pairwise = planBudget(enginePlan(readSettings(config()), [], {}, () => true), expected);
  assert.equal(budgetText(pairwise), "3 answers + 4 judge calls");

  vscode.settings.global.set("judgeMode", "listwise");
  vscode.settings.global.set("judgeOrders", 3);
  assert.equal(budgetText(planBudget(enginePlan(readSettings(config()), [], {}, () => true), expected)), "3 answers + 3 judge calls");

  vscode.settings.global.set("ranker", "council");
  vscode.settings.global.set("judgeOrders", 1);
  const council = enginePlan(readSettings(config()), [], {}, () => true);
  assert.equal(budgetText(planBudget(council, expected, { canJudge: () => true })), "3 answers + 3 judge calls", "each answering model ranks the others once");
  assert.equal(budgetText(planBudget(council, expected, { canJudge: (id) => id !== "ollama-llama" })), "3 answers + 2 judge calls", "only models that can be asked judge");
});
