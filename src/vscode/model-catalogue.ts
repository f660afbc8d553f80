// The one list of chat models the extension can use: VS Code's chat models (vscode.lm, read
// again when VS Code says the list changed), the endpoints of the user settings (keys from
// SecretStorage) and the local servers found on this machine. Answerer, judge and fuser
// pickers and the engines all look models up here.
import * as vscode from "vscode";
import type { ChatModel, ChatModelInfo, ChatRole } from "../core/chat/chat-model";
import type { Answerer } from "../core/chat/collect-answers";
import type { EndpointConfig } from "../core/engine-options";
import { ChatClient } from "../core/endpoints/client";
import { EndpointChatModel, endpointInfo } from "../core/endpoints/endpoint-chat-model";
import { withApiKeys, type SecretReader } from "./api-keys";
import { LmChatModel, lmModelId } from "./lm-chat-model";
import type { ExtensionSettings } from "./settings";

/** Where a model comes from: VS Code's Language Model API, the endpoints setting, or a discovered local server. */
export type ModelOrigin = "vscode" | "endpoint" | "local";

export interface CatalogueEntry {
  /** `vendor/id` for VS Code models, the endpoint id otherwise. */
  id: string;
  origin: ModelOrigin;
  info: ChatModelInfo;
  /** Roles the endpoint's settings give it; none: it answers unless chosen as judge or fuser (core/chat/roles.ts). */
  roles?: ChatRole[];
  /** Answers asked of it when it answers. */
  n: number;
  /** The endpoint (endpoints and local servers), without its key. */
  endpoint?: EndpointConfig;
}

export interface CatalogueDeps {
  settings(): ExtensionSettings;
  secrets: SecretReader;
  log?: (line: string) => void;
  /** The OpenAI-compatible servers found on this machine (Ollama, LM Studio, llama.cpp, vLLM), one endpoint per model, no key. */
  discovered?: () => Promise<EndpointConfig[]>;
}

export class ModelCatalogue implements vscode.Disposable {
  private readonly lm = new Map<string, LmChatModel>();
  private local: EndpointConfig[] = [];
  private readonly localModels = new Map<string, EndpointChatModel>();
  private stale = true;
  private loading: Promise<void> | null = null;
  private readonly sub: vscode.Disposable;
  private readonly client: ChatClient;

  constructor(private readonly deps: CatalogueDeps) {
    this.client = new ChatClient(deps.log ? { log: deps.log } : {});
    this.sub = vscode.lm.onDidChangeChatModels(() => {
      this.stale = true;
    });
  }

  /** Reads the lists again when VS Code said they changed (or on first use). */
  async ensure(): Promise<void> {
    if (this.stale && !this.loading) {
      this.stale = false;
      this.loading = this.load().finally(() => (this.loading = null));
    }
    if (this.loading) await this.loading;
  }

  /** Forget what was read: the next ensure() reads VS Code's models and the local servers again. */
  invalidate(): void {
    this.stale = true;
  }

  private async load(): Promise<void> {
    let models: readonly vscode.LanguageModelChat[] = [];
    try {
      models = await vscode.lm.selectChatModels();
    } catch (e) {
      this.deps.log?.(`chat models: selectChatModels failed: ${e instanceof Error ? e.message : String(e)}`);
      this.stale = true;
    }
    const seen = new Set<string>();
    for (const m of models) {
      const id = lmModelId(m);
      seen.add(id);
      const known = this.lm.get(id);
      if (known) known.rebind(m);
      else this.lm.set(id, new LmChatModel(m));
    }
    for (const id of [...this.lm.keys()]) if (!seen.has(id)) this.lm.delete(id);
    if (this.deps.discovered) {
      try {
        this.local = await this.deps.discovered();
      } catch (e) {
        this.deps.log?.(`local servers: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** Every model, in the order the pickers list them: VS Code's, then the endpoints, then local servers. Call ensure() first. */
  entries(settings: ExtensionSettings = this.deps.settings()): CatalogueEntry[] {
    const out: CatalogueEntry[] = [];
    const ids = new Set<string>();
    const add = (e: CatalogueEntry) => {
      if (ids.has(e.id)) return;
      ids.add(e.id);
      out.push(e);
    };
    for (const m of this.lm.values()) add({ id: m.info.id, origin: "vscode", info: m.info, n: settings.samplesPerModel });
    for (const ep of settings.endpointsError ? [] : settings.endpoints) add({ id: ep.id, origin: "endpoint", info: endpointInfo(ep), ...(ep.roles ? { roles: ep.roles } : {}), n: ep.n ?? 1, endpoint: ep });
    for (const ep of this.local) add({ id: ep.id, origin: "local", info: endpointInfo(ep), ...(ep.roles ? { roles: ep.roles } : {}), n: ep.n ?? settings.samplesPerModel, endpoint: ep });
    return out;
  }

  /**
   * The entry of a model VS Code hands over (a chat request's model). It is added to the list
   * when VS Code did not list it (yet); a listed one is used as listed.
   */
  vscodeEntry(model: vscode.LanguageModelChat, settings: ExtensionSettings = this.deps.settings()): CatalogueEntry {
    const id = lmModelId(model);
    let m = this.lm.get(id);
    if (!m) {
      m = new LmChatModel(model);
      this.lm.set(id, m);
    }
    return { id, origin: "vscode", info: m.info, n: settings.samplesPerModel };
  }

  /** Whether `id` names a model this window can use now (after ensure()). */
  reachable(id: string, settings?: ExtensionSettings): boolean {
    return this.entries(settings).some((e) => e.id === id);
  }

  /**
   * The judge's / fuser's model for EngineContext.chatModels: VS Code models and local servers.
   * Configured endpoints are left to the engine options, which carry their keys.
   */
  chatModel(id: string): ChatModel | undefined {
    const lm = this.lm.get(id);
    if (lm) return lm;
    const ep = this.local.find((e) => e.id === id);
    if (!ep) return undefined;
    let m = this.localModels.get(id);
    if (!m || m.endpoint !== ep) {
      m = new EndpointChatModel(ep, this.client);
      this.localModels.set(id, m);
    }
    return m;
  }

  /**
   * The picked entries as answerers; endpoints get their keys and share `client` (its retries
   * feed the live view). `missing`: VS Code models that went away since they were picked.
   */
  async answerers(picked: readonly CatalogueEntry[], client: ChatClient): Promise<{ answerers: Answerer[]; missing: string[] }> {
    const endpoints = picked.filter((e) => e.endpoint).map((e) => e.endpoint as EndpointConfig);
    const keyed = new Map((await withApiKeys(endpoints, this.deps.secrets)).map((e) => [e.id, e]));
    const answerers: Answerer[] = [];
    const missing: string[] = [];
    for (const e of picked) {
      const ep = keyed.get(e.id);
      const model = e.origin === "vscode" ? this.lm.get(e.id) : ep ? new EndpointChatModel(ep, client) : undefined;
      if (model) answerers.push({ model, n: e.n });
      else missing.push(e.id);
    }
    return { answerers, missing };
  }

  dispose(): void {
    this.sub.dispose();
  }
}
