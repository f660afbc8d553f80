// Writes l10n/bundle.l10n.json, the English message bundle of every vscode.l10n.t("…") call in
// src/, which translators copy to bundle.l10n.<locale>.json. `--check` only compares, and fails
// when the committed bundle is stale (the unit tests run the same comparison).
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, dirname, relative } from "node:path";

const root = join(__dirname, "..");
export const bundlePath = join(root, "l10n", "bundle.l10n.json");

function* tsFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith(".ts")) yield p;
  }
}

/** Every message passed as a string literal to l10n.t; a call with anything else is an error. */
export function extractMessages(srcDir = join(root, "src")): { bundle: Record<string, string>; problems: string[] } {
  const messages = new Set<string>();
  const problems: string[] = [];
  for (const file of tsFiles(srcDir)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\bl10n\.t\(\s*/g)) {
      const rest = text.slice(m.index + m[0].length);
      const lit = /^"(?:[^"\\\n]|\\.)*"/.exec(rest);
      if (lit) messages.add(JSON.parse(lit[0]) as string);
      else problems.push(`${relative(root, file)}:${text.slice(0, m.index).split("\n").length}: l10n.t needs a double-quoted string literal`);
    }
  }
  const bundle = Object.fromEntries([...messages].sort().map((s) => [s, s]));
  return { bundle, problems };
}

if (require.main === module) {
  const { bundle, problems } = extractMessages();
  if (problems.length) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
  const text = JSON.stringify(bundle, null, 2) + "\n";
  if (process.argv.includes("--check")) {
    const current = readFileSync(bundlePath, "utf8");
    if (current !== text) {
      console.error("l10n/bundle.l10n.json is stale: run npm run l10n");
      process.exit(1);
    }
  } else {
    mkdirSync(dirname(bundlePath), { recursive: true });
    writeFileSync(bundlePath, text);
    console.log(`${Object.keys(bundle).length} messages -> ${relative(root, bundlePath)}`);
  }
}
