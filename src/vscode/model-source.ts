// "Ask Models": one prompt to the picked chat models (VS Code's, endpoints, local servers) at
// once, n samples each. Answers are shown live as they stream in; a model that fails or refuses
// is kept as an issue of the blend with its reason, and the others are ranked.
import * as vscode from "vscode";
import type { ChatMessage } from "../core/chat/chat-model";
import { collectAnswers, sampleRefsOf } from "../core/chat/collect-answers";
import { ChatClient } from "../core/endpoints/client";
import { LiveAnswers } from "../core/endpoints/live-answers";
import { InputError } from "../core/errors";
import { stoppedExample } from "./stopped-answers";
import { problemLine } from "../core/issues";
import type { BlendIssue } from "../core/types";
import type { BlendSource } from "./blend-controller";
import type { CatalogueEntry, ModelCatalogue } from "./model-catalogue";

export function modelsLabel(n: number): string {
  return n === 1 ? vscode.l10n.t("1 model") : vscode.l10n.t("{0} models", n);
}

export interface ModelSourceOptions {
  log?: (line: string) => void;
  /** Earlier turns of a conversation (a chat's history), sent before the prompt. */
  history?: ChatMessage[];
  /** Extra input after the prompt (e.g. files referenced in a chat message). */
  input?: string;
  /** Shown with the blend; default "3 models". */
  label?: string;
}

export function modelSource(prompt: string, picked: readonly CatalogueEntry[], catalogue: Pick<ModelCatalogue, "answerers">, opts: ModelSourceOptions = {}): BlendSource {
  const { log } = opts;
  const answers = picked.reduce((sum, e) => sum + e.n, 0);
  const authors = sampleRefsOf(picked.map((e) => ({ id: e.id, n: e.n }))).map((r) => ({ model: r.candidate, text: "", meta: { endpoint: r.endpoint } }));
  return {
    label: opts.label ?? modelsLabel(picked.length),
    expected: { answers, candidates: answers, authors },
    arrived: (live) => stoppedExample(prompt, opts.input ?? "", live),
    async load({ signal, onProgress, onAnswers }) {
      const live = new LiveAnswers(sampleRefsOf(picked.map((e) => ({ id: e.id, n: e.n }))));
      const tell = () => onAnswers?.(live);
      const client = new ChatClient({
        ...(log ? { log } : {}),
        onRetry: (e) => {
          live.retrying(e.endpoint, e.attempt, e.reason);
          tell();
        },
      });
      const { answerers, missing } = await catalogue.answerers(picked, client);
      const gone: BlendIssue[] = missing.map((id) => ({ where: `endpoint ${id}`, endpoint: id, message: vscode.l10n.t("{0}: no longer offered by VS Code", id) }));
      for (const issue of gone) {
        for (const ref of sampleRefsOf([{ id: issue.endpoint as string, n: picked.find((e) => e.id === issue.endpoint)?.n }])) live.finished(ref, { error: issue });
      }
      tell();
      const request = { prompt, ...(opts.history?.length ? { history: opts.history } : {}), ...(opts.input ? { input: opts.input } : {}) };
      const example = await collectAnswers(request, answerers, {
        signal,
        onProgress,
        onDelta: (ref, text) => {
          live.delta(ref, text);
          tell();
        },
        onSample: (ref, result) => {
          live.finished(ref, result);
          tell();
        },
      });
      const errors = [...(example.errors ?? []), ...gone];
      if (example.candidates.length === 0) {
        const why = errors.map(problemLine).join("; ");
        throw new InputError(vscode.l10n.t("no model answered ({0})", why || vscode.l10n.t("none picked")));
      }
      return errors.length ? { ...example, errors } : example;
    },
  };
}
