// Writes l10n/bundle.l10n.json, the English message bundle of every vscode.l10n.t("…") call in
// src/ and every t("…") call in webview/, which translators copy to bundle.l10n.<locale>.json.
// `--check` only compares, and fails when the committed bundle is stale (the unit tests run the
// same comparison).
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

/**
 * Where messages are written: vscode.l10n.t("…") in the extension host (src/), and the
 * webviews' own t("…") (webview/shared/l10n.ts), which reads the same bundle.
 */
export const SOURCES: Array<{ dir: string; call: RegExp; name: string }> = [
  { dir: join(root, "src"), call: /\bl10n\.t\(\s*/g, name: "l10n.t" },
  { dir: join(root, "webview"), call: /(?<![\w.$]|function )t\(\s*/g, name: "t" },
];

/** Every message passed as a string literal to the calls of `sources`; a call with anything else is an error. */
export function extractMessages(sources = SOURCES): { bundle: Record<string, string>; problems: string[] } {
  const messages = new Set<string>();
  const problems: string[] = [];
  for (const { dir, call, name } of sources) {
    for (const file of tsFiles(dir)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(call)) {
        const rest = text.slice(m.index + m[0].length);
        const lit = /^"(?:[^"\\\n]|\\.)*"/.exec(rest);
        if (lit) messages.add(JSON.parse(lit[0]) as string);
        else problems.push(`${relative(root, file)}:${text.slice(0, m.index).split("\n").length}: ${name} needs a double-quoted string literal`);
      }
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
