// The @blend chat participant: a question in VS Code's Chat goes to the chosen answer models
// (the chat's own model until some are chosen), with the chat's earlier turns; the answers are
// ranked and fused like any blend (saved in Recent Blends), and the reply is the fused answer
// with the ranking under it. /models chooses the models, /files blends files, /rank skips fusion.
// The chat's stop button cancels every request of the blend.
import * as vscode from "vscode";
import { exampleFromTexts } from "../core/candidates/from-texts";
import type { LiveAnswersView } from "../core/endpoints/live-answers";
import { InputError, isAbortError } from "../core/errors";
import type { BlendExample, ProgressEvent } from "../core/types";
import { inlineMarkdown } from "../core/export/markdown-report";
import { arrivedLabel, exampleSource, type BlendController, type BlendSource } from "./blend-controller";
import { progressText } from "./progress-text";
import { chatHistoryMessages } from "./chat-history";
import { fileReferences, promptWithoutReferences, refModel, refName, referencesAsInput, refText, type ChatFileRef } from "./chat-references";
import { ChatReply } from "./chat-reply";
import { fusedOrTop } from "./commands";
import type { Reporter } from "./log";
import type { CatalogueEntry, ModelCatalogue } from "./model-catalogue";
import type { ModelCommands } from "./model-commands";
import { rememberedAnswerers } from "./model-picker";
import { modelsLabel, modelSource } from "./model-source";
import type { ExtensionSettings } from "./settings";
import { chooseExample, loadUris, pickAnswerFiles, sourceLabel } from "./sources";
import type { BlendRecord } from "../protocol";

export const PARTICIPANT_ID = "answer-blender.blend";
/** The button of a reply stopped while asking: ranks the answers that had arrived. */
export const RANK_ARRIVED_COMMAND = "answerBlender.rankArrived";
/** How many stopped replies keep their answers for that button. */
const KEPT_STOPPED_REPLIES = 10;
export const CHAT_COMMANDS = ["models", "files", "rank"] as const;
export type BlendChatCommand = (typeof CHAT_COMMANDS)[number];

/** What a reply remembers (ChatResult.metadata): the follow-ups and the next turn's history read it. */
export interface BlendChatMetadata {
  command: "blend" | BlendChatCommand;
  /** The blend the reply shows (in Recent Blends). */
  blendId?: string;
  /** How many models were asked. */
  asked?: number;
  /** No answer models were chosen yet: only the chat's own model was asked. */
  chatModelOnly?: boolean;
  /** Stopped before there was a ranking. */
  cancelled?: boolean;
}

export interface ParticipantDeps {
  extensionUri: vscode.Uri;
  controller: BlendController;
  catalogue: ModelCatalogue;
  models: ModelCommands;
  /** Where the answer models are remembered (globalState, shared with Ask Models). */
  memory: vscode.Memento;
  reporter: Reporter;
  settings(): ExtensionSettings;
}

function chatCommand(command: string | undefined): BlendChatCommand | undefined {
  return (CHAT_COMMANDS as readonly string[]).includes(command ?? "") ? (command as BlendChatCommand) : undefined;
}

function abortOn(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  const sub = token.onCancellationRequested(() => ac.abort());
  return { signal: ac.signal, dispose: () => sub.dispose() };
}

const names = (ids: readonly string[]) => ids.map((id) => `\`${id.replace(/`/g, "'")}\``).join(", ");

/** The follow-ups under a reply: choose more models when only the chat's model answered, refine a blended answer. */
export function blendFollowups(result: vscode.ChatResult): vscode.ChatFollowup[] {
  const m = result.metadata as Partial<BlendChatMetadata> | undefined;
  if (!m || result.errorDetails || m.cancelled) return [];
  const out: vscode.ChatFollowup[] = [];
  if (m.chatModelOnly) out.push({ prompt: "", command: "models", label: vscode.l10n.t("Choose the models that answer") });
  if (m.blendId && (m.command === "blend" || m.command === "rank")) {
    out.push({ prompt: vscode.l10n.t("Make the answer shorter") });
    out.push({ prompt: vscode.l10n.t("Give an example") });
  }
  return out;
}

export class BlendParticipant {
  private readonly arrived = new Map<string, { example: BlendExample; label: string }>();

  constructor(private readonly d: ParticipantDeps) {}

  register(): vscode.Disposable {
    const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, context, stream, token) => this.handle(request, context, stream, token));
    participant.iconPath = {
      light: vscode.Uri.joinPath(this.d.extensionUri, "media", "chat-light.svg"),
      dark: vscode.Uri.joinPath(this.d.extensionUri, "media", "chat-dark.svg"),
    };
    participant.followupProvider = { provideFollowups: (result) => blendFollowups(result) };
    return vscode.Disposable.from(
      participant,
      vscode.commands.registerCommand(RANK_ARRIVED_COMMAND, (key: unknown) => this.rankArrived(key)),
    );
  }

  /** The reply's "Rank the N answers that arrived" after a stop: those answers, ranked (and fused) in the results panel, without asking again. */
  async rankArrived(key: unknown): Promise<BlendRecord | undefined> {
    const kept = typeof key === "string" ? this.arrived.get(key) : undefined;
    if (!kept) {
      void vscode.window.showWarningMessage(vscode.l10n.t("Those answers are no longer kept: ask again."));
      return undefined;
    }
    return this.d.controller.blend(exampleSource(kept.example, kept.label));
  }

  /** Keeps a stopped reply's answers for its button (the last few only). */
  private keepArrived(example: BlendExample, label: string): string {
    const key = example.id;
    this.arrived.delete(key);
    this.arrived.set(key, { example, label });
    while (this.arrived.size > KEPT_STOPPED_REPLIES) this.arrived.delete(this.arrived.keys().next().value as string);
    return key;
  }

  async handle(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    const reply = new ChatReply(stream);
    const command = chatCommand(request.command);
    const metadata: BlendChatMetadata = { command: command ?? "blend" };
    const { signal, dispose } = abortOn(token);
    this.d.reporter.log.info(`@blend${command ? " /" + command : ""}: ${request.references.length} references, chat model ${request.model.vendor}/${request.model.id}`);
    try {
      if (command === "models") return await this.chooseModels(reply);
      if (command === "files") return await this.blendFiles(request, reply, signal);
      return await this.blendQuestion(request, context, reply, signal, command === "rank");
    } catch (e) {
      if (isAbortError(e) || signal.aborted) {
        reply.note(`*${vscode.l10n.t("Stopped: nothing was ranked or saved.")}*`);
        return { metadata: { ...metadata, cancelled: true } };
      }
      const message = e instanceof Error ? e.message : String(e);
      this.d.reporter.log.error(`@blend: ${message}`);
      return { errorDetails: { message }, metadata };
    } finally {
      dispose();
    }
  }

  /** The remembered answer models that can answer now; the chat's own model when none were chosen (or none is left). */
  private async answerModels(chatModel: vscode.LanguageModelChat): Promise<{ picked: CatalogueEntry[]; unavailable: string[]; chatModelOnly: boolean }> {
    const settings = this.d.settings();
    await this.d.catalogue.ensure();
    const { picked, unavailable } = rememberedAnswerers(this.d.catalogue.entries(settings), settings, this.d.memory);
    if (picked.length) return { picked, unavailable, chatModelOnly: false };
    return { picked: [this.d.catalogue.vscodeEntry(chatModel, settings)], unavailable, chatModelOnly: true };
  }

  /** The answer an earlier @blend reply gave (its blend's fused or top answer), for the history. */
  private answerOf(result: vscode.ChatResult): string | undefined {
    const id = (result.metadata as Partial<BlendChatMetadata> | undefined)?.blendId;
    const record = typeof id === "string" ? this.d.controller.find(id) : undefined;
    return record ? fusedOrTop(record) : undefined;
  }

  private showReferences(reply: ChatReply, refs: readonly ChatFileRef[]): void {
    for (const r of refs) reply.reference(r.range ? new vscode.Location(r.uri, r.range) : r.uri);
  }

  /** @blend <question> and /rank: ask the models, rank, fuse (not for /rank or a single answer), reply. */
  private async blendQuestion(request: vscode.ChatRequest, context: vscode.ChatContext, reply: ChatReply, signal: AbortSignal, rankOnly: boolean): Promise<vscode.ChatResult> {
    const command = rankOnly ? "rank" : "blend";
    const prompt = promptWithoutReferences(request.prompt, request.references, (ref, typed) => {
      const [file] = fileReferences([ref]);
      return file ? `\`${refName(file)}\`` : typed;
    });
    if (!prompt) {
      reply.note(vscode.l10n.t("Ask a question after @blend, for example: @blend How do I undo the last git commit?"));
      return { metadata: { command } };
    }
    const refs = fileReferences(request.references);
    const { input, skipped } = refs.length ? await referencesAsInput(refs) : { input: "", skipped: [] };
    this.showReferences(reply, refs);
    const { picked, unavailable, chatModelOnly } = await this.answerModels(request.model);
    const history = chatHistoryMessages(context.history, (result) => this.answerOf(result), ["models"]);
    const source = modelSource(prompt, picked, this.d.catalogue, {
      log: (line) => this.d.reporter.log.info(line),
      history,
      input,
      label: vscode.l10n.t("@blend · {0}", modelsLabel(picked.length)),
    });
    const answers = picked.reduce((n, e) => n + e.n, 0);
    reply.progress(picked.length === 1 ? vscode.l10n.t("Asking {0}…", picked[0].info.name) : vscode.l10n.t("Asking {0} models…", picked.length));
    const metadata: BlendChatMetadata = { command, asked: picked.length, ...(chatModelOnly ? { chatModelOnly } : {}) };
    const notes: string[] = [];
    if (chatModelOnly) notes.push(vscode.l10n.t("Only the chat's model ({0}) was asked. Choose the models that answer with /models.", inlineMarkdown(picked[0].info.name)));
    if (unavailable.length) notes.push(vscode.l10n.t("Not available now, so not asked: {0}", names(unavailable)));
    if (skipped.length) notes.push(vscode.l10n.t("Not sent (a folder, unreadable, or over the size limit): {0}", names(skipped)));
    let live: LiveAnswersView | undefined;
    try {
      return await this.blendAndReply(source, reply, signal, { fuse: !rankOnly && answers > 1, metadata, notes, onAnswers: (a) => (live = a) });
    } catch (e) {
      if (!(isAbortError(e) || signal.aborted) || !live) throw e;
      const now = (live as LiveAnswersView).snapshot();
      const done = now.filter((a) => a.state === "done").map((a) => a.name);
      reply.note(`*${vscode.l10n.t("Stopped while asking the models: {0} of {1} had answered ({2}); nothing was ranked or saved.", done.length, now.length, done.length ? names(done) : "—")}*`);
      // Two or more answers are worth ranking: the button ranks them without asking again.
      const arrived = done.length > 1 ? source.arrived?.(now) : undefined;
      if (arrived) {
        const key = this.keepArrived(arrived, arrivedLabel(source.label, done.length, now.length));
        reply.button({ command: RANK_ARRIVED_COMMAND, title: vscode.l10n.t("Rank the {0} answers that arrived", done.length), arguments: [key] });
      }
      return { metadata: { ...metadata, cancelled: true } };
    }
  }

  /** /files: the referenced files (#file, or picked) are the answers, the message is the prompt. */
  private async blendFiles(request: vscode.ChatRequest, reply: ChatReply, signal: AbortSignal): Promise<vscode.ChatResult> {
    const metadata: BlendChatMetadata = { command: "files" };
    const refs = fileReferences(request.references);
    const prompt = promptWithoutReferences(request.prompt, request.references);
    let example: BlendExample | undefined;
    let label: string;
    if (refs.some((r) => r.range)) {
      // A selection (a Location) is one answer, its text; files next to it are read whole.
      if (!prompt) throw new InputError(vscode.l10n.t("no prompt for {0}: write the question with the files", vscode.l10n.t("{0} files", refs.length)));
      const texts = await Promise.all(refs.map(async (r) => ({ model: refModel(r), text: await refText(r), meta: { file: refName(r) } })));
      const made = exampleFromTexts(prompt, texts, "chat-files");
      example = made.issues.length ? { ...made.example, errors: made.issues } : made.example;
      label = vscode.l10n.t("{0} files", example.candidates.length);
    } else {
      const uris = refs.length ? refs.map((r) => r.uri) : await pickAnswerFiles();
      if (!uris) {
        reply.note(vscode.l10n.t("No files to blend: attach them to the message with #file, or pick them in the list."));
        return { metadata };
      }
      const what = uris.length === 1 ? vscode.workspace.asRelativePath(uris[0], false) : vscode.l10n.t("{0} files", uris.length);
      reply.progress(vscode.l10n.t("Reading {0}…", what));
      const loaded = await loadUris(uris);
      for (const i of loaded.issues) this.d.reporter.log.warn(`${i.where}: ${i.message}`);
      example = await chooseExample(loaded, { selection: "", what, prompt });
      if (!example) return { metadata };
      label = sourceLabel(uris, example, loaded.examples.length);
    }
    this.showReferences(reply, refs);
    return this.blendAndReply(exampleSource(example, vscode.l10n.t("@blend · {0}", label)), reply, signal, { fuse: true, metadata, notes: [] });
  }

  /** Runs the blend with its progress in the reply and the fused text streamed in; then the ranking and buttons. */
  private async blendAndReply(
    source: BlendSource,
    reply: ChatReply,
    signal: AbortSignal,
    o: { fuse: boolean; metadata: BlendChatMetadata; notes: string[]; onAnswers?: (answers: LiveAnswersView) => void },
  ): Promise<vscode.ChatResult> {
    const staged: BlendSource = {
      ...source,
      load: async (ctx) => {
        const example = await source.load(ctx);
        const n = example.candidates.length;
        if (n > 1) reply.progress(vscode.l10n.t("Ranking {0} answers…", n));
        return example;
      },
    };
    const downloads = new Set<string>();
    const onProgress = (e: ProgressEvent) => {
      // A model download (PairRM, GenFuser) is said once; its byte counts would be a line each.
      if (e.stage !== "download" || downloads.has(e.message ?? "")) return;
      downloads.add(e.message ?? "");
      reply.progress(progressText({ ...e, total: 0 }));
    };
    const record = await this.d.controller.blendTo(
      staged,
      {
        signal,
        onProgress,
        ...(o.onAnswers ? { onAnswers: o.onAnswers } : {}),
        onRanked: (r) => reply.progress(vscode.l10n.t("Fusing the top {0} answers…", Math.min(this.d.settings().topK, r.result.rank.ranking.length))),
        onToken: (_id, text) => reply.answer(text),
      },
      { fuse: o.fuse },
    );
    if (!record) {
      reply.note(vscode.l10n.t("Nothing was sent: the requests were not confirmed."));
      return { metadata: o.metadata };
    }
    const { fused, top } = record.result;
    let partialAnswer = false;
    if (fused) reply.answerWhole(fused.text);
    else if (reply.streamed) partialAnswer = true;
    else {
      reply.topHeading(record);
      reply.answer(top.text);
    }
    reply.finish(record, { partialAnswer, notes: o.notes.map((n) => `*${n}*`) });
    return { metadata: { ...o.metadata, blendId: record.blendId } };
  }

  /** /models: pick the answer models (remembered), the judge and the fuser, then say what is chosen. */
  private async chooseModels(reply: ChatReply): Promise<vscode.ChatResult> {
    const metadata: BlendChatMetadata = { command: "models" };
    const picked = await this.d.models.chooseAnswerModels();
    if (picked === undefined) {
      reply.note(vscode.l10n.t("No change: the answer models were not chosen."));
      return { metadata };
    }
    await this.d.models.chooseJudgeModel();
    await this.d.models.chooseFuserModel();
    const settings = this.d.settings();
    const answering = rememberedAnswerers(this.d.catalogue.entries(settings), settings, this.d.memory).picked.map((e) => e.id);
    const ranker = settings.ranker === "auto" ? "builtin" : settings.ranker;
    const fuser =
      settings.fuser === "llm" && settings.fuserModel
        ? names([settings.fuserModel])
        : settings.fuser === "extractive"
          ? vscode.l10n.t("none (the extractive merge, offline)")
          : settings.fuser === "none"
            ? vscode.l10n.t("none (the top-ranked answer as it is)")
            : names([settings.fuser]);
    const lines = [
      `- ${vscode.l10n.t("Answer models: {0}", answering.length ? names(answering) : vscode.l10n.t("none (the chat's model answers)"))}`,
      `- ${vscode.l10n.t("Judge: {0}", settings.judgeModel ? names([settings.judgeModel]) : vscode.l10n.t("none (the {0} ranker ranks)", ranker))}`,
      `- ${vscode.l10n.t("Fuser: {0}", fuser)}`,
    ];
    reply.note(lines.join("\n"));
    return { metadata: { ...metadata, asked: answering.length } };
  }
}
