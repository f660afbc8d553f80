// `npm start`: try the extension in VS Code in the browser. Builds, packages the linux-x64 VSIX,
// installs code-server under test/e2e if needed (test/e2e/setup.sh: code-server 4.104 on the
// Node 22 it brings), starts it on 127.0.0.1 with the extension and the examples/ workspace,
// prints the URL and runs until Ctrl-C (then stops what it started).
//
//   npm start [-- --port 8080] [-- --fresh] [-- --test-models]     (PORT=… works too)
//
// --test-models: also the e2e tests' chat-model provider with a few local models (a scripted
// OpenAI-compatible server on 127.0.0.1), to try the chat-model features without Copilot.
//
// Runs under tsx (see package.json) so it can reuse the e2e harness written in TypeScript.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

process.env.ANSWER_BLENDER_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { createProfile, installExtension, readUserSettings, startCodeServer, userSettingsPath } = await import("../test/e2e/lib/code-server.ts");
const { e2eDir, examplesDir, repoRoot } = await import("../test/e2e/lib/paths.ts");
const { installExitHooks, stopAll } = await import("../test/e2e/lib/processes.ts");
const { packageVsix } = await import("../test/e2e/lib/vsix.ts");

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function portIsFree(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

async function main() {
  installExitHooks();
  // Idempotent and quick when everything is there; it also replaces an older code-server install.
  const r = spawnSync("bash", [join(e2eDir, "setup.sh")], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("test/e2e/setup.sh failed");
  const vsix = packageVsix();
  const extensions = [vsix];
  let testModels;
  if (flag("--test-models")) {
    const { packageLmProvider } = await import("../test/e2e/lib/lm-provider.ts");
    const { startTestChatModels } = await import("../test/e2e/lib/chat-models.ts");
    extensions.push(packageLmProvider());
    testModels = await startTestChatModels([
      { id: "alpha", name: "Test Alpha", isDefault: true, chunkDelayMs: 40 },
      { id: "beta", name: "Test Beta", chunkDelayMs: 40 },
      { id: "gamma", name: "Test Gamma", chunkDelayMs: 40 },
      { id: "judge-long", name: "Test Judge (prefers the longer answer)" },
      { id: "blocked", name: "Test Blocked (refuses)", fail: "Blocked" },
    ]);
  }

  // A persistent profile (git-ignored) so recent blends and settings survive restarts.
  const profileDir = join(repoRoot, ".cache", "start-profile");
  if (flag("--fresh")) rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  // Quiet defaults are written once; later edits (e.g. answerBlender.endpoints) are kept.
  const profile = createProfile(profileDir);
  await installExtension(profile, extensions, join(profileDir, "install-extension.log"));
  if (testModels) pointAtTestModels(profile, testModels.settings());

  const wanted = Number(option("--port") ?? process.env.PORT ?? 8080);
  const port = (await portIsFree(wanted)) ? wanted : undefined;
  const logFile = join(profileDir, "code-server.log");
  // The extension host inherits code-server's environment: this asks the extension to open its
  // Get Started walkthrough when the window starts (src/vscode/walkthrough.ts).
  process.env.ANSWER_BLENDER_OPEN_WALKTHROUGH = "1";
  const server = await startCodeServer(profile, logFile, { port });
  console.log("");
  console.log(`Answer Blender is running in VS Code (code-server ${server.port === wanted ? "" : "on a free port "}with the examples/ workspace):`);
  console.log("");
  console.log(`    ${server.folderUrl(examplesDir)}`);
  console.log("");
  console.log('Open it in a browser: the "Get Started with Answer Blender" walkthrough opens; its "Try a Sample Blend" button blends sample answers offline.');
  console.log(`Log: ${logFile}. Press Ctrl-C to stop.`);
  if (testModels) console.log(`Test chat models (vendor ${testModels.vendor}): ${testModels.configs.map((m) => m.name).join(", ")}; served from ${testModels.server.url}.`);
  await server.process.exited;
  console.log("code-server stopped.");
  await testModels?.close();
  await stopAll();
}

/** Writes the test models' settings into the kept profile's settings.json (keeping the user's own). */
function pointAtTestModels(profile, settings) {
  let current;
  try {
    current = readUserSettings(profile);
  } catch {
    console.warn(`${userSettingsPath(profile)} is not plain JSON (comments?): set ${Object.keys(settings).join(", ")} there by hand to ${JSON.stringify(settings)}`);
    return;
  }
  writeFileSync(userSettingsPath(profile), JSON.stringify({ ...current, ...settings }, null, 2));
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await stopAll();
  process.exit(1);
});
