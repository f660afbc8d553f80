import "../helpers/install-fake-vscode";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as vscode from "../helpers/fake-vscode";
import { contentSecurityPolicy, webviewHtml } from "../../src/vscode/webview-html";
import { ResultsPanel } from "../../src/vscode/results-panel";
import { readFileSync } from "node:fs";
import { join } from "node:path";

beforeEach(() => vscode.resetFake());

function cspOf(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(m, "CSP meta tag present");
  return m[1].replace(/&#39;|&apos;/g, "'");
}

test("the shell: strict CSP, one nonce'd script from a file, styles from a file, #app, nothing inline", () => {
  const html = webviewHtml({ cspSource: "vscode-webview://abc", nonce: "N0nce_-x", scriptUri: "https://r/panel.js", styleUri: "https://r/panel.css", title: "T <x>", view: "panel" });
  assert.equal(
    cspOf(html),
    "default-src 'none'; img-src vscode-webview://abc data:; style-src vscode-webview://abc 'nonce-N0nce_-x'; font-src vscode-webview://abc; script-src 'nonce-N0nce_-x'",
  );
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /nonce="N0nce_-x"/);
  assert.match(scripts[0][1], /src="https:\/\/r\/panel\.js"/);
  assert.equal(scripts[0][2].trim(), "", "no inline script body");
  assert.match(html, /<link rel="stylesheet" href="https:\/\/r\/panel\.css">/);
  assert.doesNotMatch(html, /<style|\sstyle="|\son\w+="/);
  assert.match(html, /<div id="app"><\/div>/);
  assert.match(html, /<title>T &lt;x&gt;<\/title>/);
  assert.equal(contentSecurityPolicy("s", "n").split("; ")[0], "default-src 'none'");
});

test("the results panel gets the shell with webview URIs under dist/webview and a fresh nonce each load", () => {
  const messages: unknown[] = [];
  const panel = new ResultsPanel(vscode.Uri.file("/ext") as never, (m) => messages.push(m));
  panel.show();
  const p = vscode.registry.panels[0];
  assert.equal(p.viewType, "answerBlender.results");
  const opts = p.options as { enableScripts: boolean; localResourceRoots: vscode.Uri[] };
  assert.equal(opts.enableScripts, true);
  assert.deepEqual(opts.localResourceRoots.map((u) => u.path), ["/ext/dist/webview"]);
  const html = p.webview.html;
  assert.match(html, /src="https:\/\/file\+\.vscode-resource\.fake\/ext\/dist\/webview\/panel\.js"/);
  assert.match(html, /href="https:\/\/file\+\.vscode-resource\.fake\/ext\/dist\/webview\/panel\.css"/);
  const csp = cspOf(html);
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  assert.ok(nonce && nonce.length >= 16);
  assert.match(html, new RegExp(`<script nonce="${nonce}"`));
  assert.match(csp, new RegExp(`style-src ${p.webview.cspSource.replace(/\./g, "\\.")}`));
  // A second panel load (e.g. after a reload) gets another nonce.
  p.dispose();
  panel.show();
  const nonce2 = /'nonce-([^']+)'/.exec(cspOf(vscode.registry.panels[1].webview.html))?.[1];
  assert.notEqual(nonce2, nonce);
  // Messages the webview sends are checked before they reach the host.
  vscode.registry.panels[1].webview.send({ type: "insert", text: 3, mode: "cursor" });
  vscode.registry.panels[1].webview.send({ type: "evil" });
  vscode.registry.panels[1].webview.send({ type: "insert", text: "ok", mode: "replace" });
  assert.deepEqual(messages, [{ type: "insert", text: "ok", mode: "replace" }]);
});

test("a translation reaches the webview as one inert JSON block that no message can break out of", () => {
  const hostile = { "Pairwise matrix": "Paarweise Matrix </script><script>alert(1)</script> <!--" };
  const html = webviewHtml({ cspSource: "c", nonce: "N", scriptUri: "https://r/panel.js", styleUri: "https://r/panel.css", title: "T", view: "panel", l10n: hostile });
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 2, "the data block and the panel script, nothing else");
  assert.match(scripts[0][1], /type="application\/json" id="ab-l10n"/);
  assert.deepEqual(JSON.parse(scripts[0][2]), hostile);
  assert.doesNotMatch(scripts[0][2], /</);
  assert.match(scripts[1][1], /src="https:\/\/r\/panel\.js"/);

  // The host passes VS Code's loaded bundle; English (no bundle) adds nothing.
  const panel = new ResultsPanel(vscode.Uri.file("/ext") as never, () => undefined);
  panel.show();
  assert.doesNotMatch(vscode.registry.panels[0].webview.html, /ab-l10n/);
  panel.dispose();
  vscode.l10n.bundle = { "Pairwise matrix": "Paarweise Matrix" };
  const german = new ResultsPanel(vscode.Uri.file("/ext") as never, () => undefined);
  german.show();
  assert.match(vscode.registry.panels.at(-1)!.webview.html, /<script type="application\/json" id="ab-l10n" nonce="[^"]+">\{"Pairwise matrix":"Paarweise Matrix"\}<\/script>/);
  german.dispose();
});

test("the results panel's tab icon: a light and a dark variant, each drawn in a colour that stands out on its themes' tabs", () => {
  const root = join(__dirname, "..", "..");
  const panel = new ResultsPanel(vscode.Uri.file(root), () => undefined);
  panel.show();
  const icon = vscode.registry.panels[0].iconPath as { light: vscode.Uri; dark: vscode.Uri };
  assert.ok(icon.light && icon.dark, "two variants");
  const stroke = (u: vscode.Uri) => {
    const svg = readFileSync(u.fsPath, "utf8");
    assert.doesNotMatch(svg, /currentColor/, `${u.path}: an <img> has no current colour`);
    return /stroke="(#[0-9a-f]{6})"/i.exec(svg)![1];
  };
  const lum = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((s) => (s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a: string, b: string) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  // Tab backgrounds (active and inactive) of Light Modern / Light High Contrast and Dark Modern / Dark High Contrast.
  for (const bg of ["#ffffff", "#f8f8f8"]) assert.ok(ratio(stroke(icon.light), bg) >= 3, `light icon on ${bg}: ${ratio(stroke(icon.light), bg).toFixed(2)}`);
  for (const bg of ["#1f1f1f", "#181818", "#000000"]) assert.ok(ratio(stroke(icon.dark), bg) >= 3, `dark icon on ${bg}: ${ratio(stroke(icon.dark), bg).toFixed(2)}`);
  panel.dispose();
});
