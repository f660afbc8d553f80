// Reads the provider's user settings: the OpenAI-compatible server the models forward to, the
// models themselves, and the bridge folder. The e2e harness writes them (lib/chat-models.ts).
import * as vscode from "vscode";
import type { TestModelConfig } from "./protocol";

export const SECTION = "e2eLmProvider";

export interface ProviderConfig {
  baseUrl: string;
  models: TestModelConfig[];
  bridgeDir: string;
}

export function readConfig(): ProviderConfig {
  const c = vscode.workspace.getConfiguration(SECTION);
  const models = (c.get<Partial<TestModelConfig>[]>("models") ?? []).filter((m): m is Partial<TestModelConfig> & { id: string } => typeof m?.id === "string");
  return {
    baseUrl: (c.get<string>("baseUrl") ?? "").replace(/\/+$/, ""),
    bridgeDir: c.get<string>("bridgeDir") ?? "",
    models: models.map((m) => ({
      id: m.id,
      name: m.name ?? m.id,
      family: m.family ?? "e2e",
      version: m.version ?? "1",
      maxInputTokens: m.maxInputTokens ?? 8192,
      maxOutputTokens: m.maxOutputTokens ?? 1024,
      serverModel: m.serverModel ?? m.id,
      isDefault: m.isDefault,
      fail: m.fail,
      failAfterChunks: m.failAfterChunks,
      failDelayMs: m.failDelayMs,
    })),
  };
}
