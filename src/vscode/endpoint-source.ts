// "Ask Endpoints": the prompt goes to every endpoint in the user settings; failed endpoints
// are kept as issues of the blend, the other answers are ranked.
import * as vscode from "vscode";
import { collect } from "../core/endpoints/collect";
import { InputError } from "../core/errors";
import { withApiKeys, type SecretReader } from "./api-keys";
import type { BlendSource } from "./blend-controller";
import type { ExtensionSettings } from "./settings";

export function endpointSource(prompt: string, settings: ExtensionSettings, secrets: SecretReader, log?: (line: string) => void): BlendSource {
  const n = settings.endpoints.length;
  return {
    label: n === 1 ? vscode.l10n.t("1 endpoint") : vscode.l10n.t("{0} endpoints", n),
    async load({ signal, onProgress }) {
      const endpoints = await withApiKeys(settings.endpoints, secrets);
      const example = await collect({ prompt }, endpoints, { signal, onProgress, clientOptions: log ? { log } : undefined });
      if (example.candidates.length === 0) {
        const why = (example.errors ?? []).map((e) => `${e.where}: ${e.message}`).join("; ");
        throw new InputError(vscode.l10n.t("no endpoint answered ({0})", why || "no endpoints"));
      }
      return example;
    },
  };
}
