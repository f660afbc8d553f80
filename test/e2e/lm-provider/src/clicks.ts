// A command that only records that it ran, and with which arguments, in <bridgeDir>/clicks.jsonl:
// what the /demo reply's button runs, so a test can check a chat button was clicked.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { readConfig } from "./config";
import { bridgeFiles } from "./protocol";

export const RECORD_CLICK_COMMAND = "e2eLmProvider.recordClick";

export function registerRecordClick(): vscode.Disposable {
  return vscode.commands.registerCommand(RECORD_CLICK_COMMAND, (...args: unknown[]) => {
    const dir = readConfig().bridgeDir;
    if (dir) appendFileSync(join(dir, bridgeFiles.clicks), JSON.stringify(args) + "\n");
  });
}
