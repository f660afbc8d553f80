// Import this first: makes `require("vscode")` (from sources or from dist/extension.js) load the fake.
import Module from "node:module";
import { join } from "node:path";

const fakePath = join(__dirname, "fake-vscode.ts");
const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const original = mod._resolveFilename;
mod._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return original.call(this, request === "vscode" ? fakePath : request, ...rest);
};
