// "Ask Endpoints": the prompt goes to every endpoint in the user settings; failed endpoints
// are kept as issues of the blend, the other answers are ranked. The answers are shown live
// (onAnswers) while they stream in.
import * as vscode from "vscode";
import { collect, sampleRefs } from "../core/endpoints/collect";
import { LiveAnswers } from "../core/endpoints/live-answers";
import { InputError } from "../core/errors";
import { answerers } from "../core/chat/roles";
import { withApiKeys, type SecretReader } from "./api-keys";
import type { BlendSource } from "./blend-controller";
import type { ExtensionSettings } from "./settings";

/** The endpoints asked the prompt: the judge and fuser endpoints only when they also have the answer role. */
export function answeringEndpoints(settings: ExtensionSettings) {
  return answerers(settings.endpoints, { judge: settings.judgeEndpoint || undefined, fuser: settings.fuserEndpoint || undefined });
}

export function endpointSource(prompt: string, settings: ExtensionSettings, secrets: SecretReader, log?: (line: string) => void): BlendSource {
  const asked = answeringEndpoints(settings);
  const n = asked.length;
  return {
    label: n === 1 ? vscode.l10n.t("1 endpoint") : vscode.l10n.t("{0} endpoints", n),
    async load({ signal, onProgress, onAnswers }) {
      const endpoints = await withApiKeys(asked, secrets);
      const live = new LiveAnswers(sampleRefs(endpoints));
      const tell = () => onAnswers?.(live);
      tell();
      const example = await collect({ prompt }, endpoints, {
        signal,
        onProgress,
        clientOptions: {
          ...(log ? { log } : {}),
          onRetry: (e) => {
            live.retrying(e.endpoint, e.attempt, e.reason);
            tell();
          },
        },
        onDelta: (ref, text) => {
          live.delta(ref, text);
          tell();
        },
        onSample: (ref, result) => {
          live.finished(ref, result);
          tell();
        },
      });
      if (example.candidates.length === 0) {
        const why = (example.errors ?? []).map((e) => `${e.where}: ${e.message}`).join("; ");
        throw new InputError(vscode.l10n.t("no endpoint answered ({0})", why || "no endpoints"));
      }
      return example;
    },
  };
}
