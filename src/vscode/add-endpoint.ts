// Add Endpoint…: looks for model servers on this machine (only when the user runs the command;
// nothing in a workspace triggers or redirects it), lets the user pick a server and its models,
// or type another OpenAI-compatible server, asks the roles, and appends the endpoints to the
// USER setting answerBlender.endpoints (never a workspace one).
import * as vscode from "vscode";
import { CHAT_ROLES, type ChatRole } from "../core/chat/chat-model";
import { discoverLocalServers, GENERIC_SERVER_NAME, type DiscoveredServer, type Probe } from "../core/endpoints/discover";
import { isAbortError } from "../core/errors";
import { askApiKey } from "./api-key-prompt";
import { apiKeySecretName } from "./api-keys";
import { serverPrefix } from "./local-servers";
import { alreadyConfigured, appendEntries, baseUrlProblem, existingEntries, hostPrefix, takenIds, uniqueEndpointId, type EndpointEntry } from "./endpoint-entries";
import type { Reporter } from "./log";
import { ENDPOINTS_SETTING, SETTINGS_SECTION } from "./settings";

export const ADD_ENDPOINT_COMMAND = "answerBlender.addEndpoint";
/** Offered once the endpoints are written. */
const ASK_COMMAND = "answerBlender.askModels";

export interface AddEndpointDeps {
  secrets: Pick<vscode.SecretStorage, "store" | "delete">;
  reporter: Reporter;
  /** Where to look (tests: loopback servers on free ports); default: the usual ports of each server. */
  probes?: readonly Probe[];
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Told after endpoints were written (the model catalogue reads the settings again). */
  onAdded?: () => void;
}

/** One endpoint to add, before its id is chosen. */
interface Wanted {
  prefix: string;
  baseUrl: string;
  model: string;
  apiKeyEnv?: string;
}

interface Choice {
  wanted: Wanted[];
  /** A key typed for the (single) endpoint; stored once the setting is written. */
  apiKey?: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const title = () => vscode.l10n.t("Add Endpoint");

export function registerAddEndpoint(deps: AddEndpointDeps): vscode.Disposable {
  return vscode.commands.registerCommand(ADD_ENDPOINT_COMMAND, async () => {
    try {
      return await addEndpoint(deps);
    } catch (e) {
      void deps.reporter.error(vscode.l10n.t("Add Endpoint failed"), e);
      return undefined;
    }
  });
}

/** The wizard. Resolves to the endpoints written, or undefined when the user stopped. */
export async function addEndpoint(deps: AddEndpointDeps): Promise<EndpointEntry[] | undefined> {
  const servers = await findServers(deps);
  if (!servers) return undefined;
  const picked = await pickServer(servers);
  if (!picked) return undefined;
  const choice = picked === "other" ? await askOtherServer() : await pickModels(picked);
  if (!choice || choice.wanted.length === 0) return undefined;
  const roles = await pickRoles();
  if (!roles) return undefined;

  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const existing = existingEntries(config.inspect<unknown>("endpoints")?.globalValue, ENDPOINTS_SETTING);
  const { list, added } = appendEntries(existing, choice.wanted, roles);
  await config.update("endpoints", list, vscode.ConfigurationTarget.Global);
  deps.onAdded?.();
  deps.reporter.log.info(`Add Endpoint: wrote ${added.map((e) => `${e.id} (${e.baseUrl}, ${e.model})`).join(", ")} to the user setting answerBlender.endpoints`);
  const keyStored = Boolean(choice.apiKey) && added.length === 1;
  if (keyStored) await deps.secrets.store(apiKeySecretName(added[0].id), choice.apiKey!);
  const env = deps.env ?? process.env;
  for (const e of added) {
    if (e.apiKeyEnv && !env[e.apiKeyEnv])
      void vscode.window.showWarningMessage(vscode.l10n.t("{0} is not set in VS Code's environment: set it and restart VS Code, or store the key with Set API Key.", e.apiKeyEnv));
  }
  void offerNextSteps(added, keyStored);
  return added;
}

async function findServers(deps: AddEndpointDeps): Promise<DiscoveredServer[] | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t("Looking for model servers on this machine…"), cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        return await discoverLocalServers({ signal: controller.signal, probes: deps.probes, timeoutMs: deps.timeoutMs });
      } catch (e) {
        if (isAbortError(e)) return undefined;
        throw e;
      } finally {
        sub.dispose();
      }
    },
  );
}

function serverName(s: DiscoveredServer): string {
  return s.name === GENERIC_SERVER_NAME ? vscode.l10n.t("OpenAI-compatible server") : s.name;
}

function modelSummary(models: string[]): string {
  if (models.length === 0) return vscode.l10n.t("no models yet: pull or load one first");
  const shown = models.slice(0, 4).join(", ");
  return models.length > 4 ? vscode.l10n.t("{0} models: {1}, …", models.length, shown) : models.length === 1 ? shown : vscode.l10n.t("{0} models: {1}", models.length, shown);
}

async function pickServer(servers: DiscoveredServer[]): Promise<DiscoveredServer | "other" | undefined> {
  type Item = vscode.QuickPickItem & { server?: DiscoveredServer; other?: true };
  const items: Item[] = servers.map((server) => ({ label: `$(server) ${serverName(server)}`, description: server.baseUrl, detail: modelSummary(server.models), server }));
  if (items.length) items.push({ label: "", kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: `$(add) ${vscode.l10n.t("Other OpenAI-compatible server…")}`, detail: vscode.l10n.t("Any base URL: OpenAI, OpenRouter, a server on another machine or port"), other: true });
  const placeHolder = servers.length
    ? vscode.l10n.t("Servers found on this machine, or another one")
    : vscode.l10n.t("No model server found on 127.0.0.1 (Ollama 11434, LM Studio 1234, llama.cpp 8080, vLLM 8000)");
  const picked = await vscode.window.showQuickPick(items, { title: title(), placeHolder, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
  return picked?.other ? "other" : picked?.server;
}

function currentEntries(): unknown[] {
  return existingEntries(vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<unknown>("endpoints")?.globalValue, ENDPOINTS_SETTING);
}

async function pickModels(server: DiscoveredServer): Promise<Choice | undefined> {
  const name = serverName(server);
  if (server.models.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t("{0} at {1} lists no models: pull or load one, then run Add Endpoint again.", name, server.baseUrl));
    return undefined;
  }
  const existing = currentEntries();
  const models = server.models.map((model) => ({ model, already: alreadyConfigured(existing, server.baseUrl, model) }));
  const fresh = models.filter((m) => m.already === undefined);
  if (fresh.length === 0) {
    void vscode.window.showInformationMessage(
      models.length === 1
        ? vscode.l10n.t("{0} is already an endpoint ({1}).", models[0].model, models[0].already ?? "")
        : vscode.l10n.t("Every model of {0} is already an endpoint.", name),
    );
    return undefined;
  }
  let chosen: string[];
  if (models.length === 1) chosen = [models[0].model];
  else {
    const items = models.map((m) => ({
      label: m.model,
      description: m.already !== undefined ? vscode.l10n.t("already added as {0}", m.already) : undefined,
      picked: m === fresh[0],
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t("Models of {0} to add", name),
      placeHolder: vscode.l10n.t("Tick the models to add; each becomes an endpoint"),
      canPickMany: true,
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    chosen = picked.map((p) => p.label).filter((m) => fresh.some((f) => f.model === m));
  }
  const prefix = serverPrefix(server);
  return { wanted: chosen.map((model) => ({ prefix, baseUrl: server.baseUrl, model })) };
}

function baseUrlMessage(text: string): string | undefined {
  switch (baseUrlProblem(text)) {
    case "not-url":
    case "scheme":
      return vscode.l10n.t("A URL starting with http:// or https://, e.g. http://127.0.0.1:8080/v1");
    case "credentials":
      return vscode.l10n.t("No user name or password in the URL: the API key is asked next");
    default:
      return undefined;
  }
}

/** A guess for the key's environment variable, from the host. */
function envGuess(baseUrl: string): string {
  const host = hostPrefix(baseUrl);
  return host === "local" || host === "endpoint" ? "" : `${host.toUpperCase().replace(/-/g, "_")}_API_KEY`;
}

async function askOtherServer(): Promise<Choice | undefined> {
  const typedUrl = await vscode.window.showInputBox({
    title: title(),
    prompt: vscode.l10n.t("Base URL of the OpenAI-compatible API, usually ending in /v1 (/chat/completions is appended)"),
    placeHolder: "https://api.openai.com/v1",
    ignoreFocusOut: true,
    validateInput: baseUrlMessage,
  });
  if (typedUrl === undefined) return undefined;
  const baseUrl = typedUrl.trim();
  const problem = baseUrlMessage(baseUrl);
  if (problem) throw new Error(problem);

  const typedModel = await vscode.window.showInputBox({
    title: title(),
    prompt: vscode.l10n.t("Model name the server expects (the model field of each request)"),
    placeHolder: "gpt-4o-mini",
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t("A model name is required")),
  });
  const model = typedModel?.trim();
  if (!model) return undefined;
  const already = alreadyConfigured(currentEntries(), baseUrl, model);
  if (already !== undefined) {
    void vscode.window.showInformationMessage(vscode.l10n.t("{0} is already an endpoint ({1}).", model, already));
    return undefined;
  }

  const prefix = hostPrefix(baseUrl);
  const wanted: Wanted = { prefix, baseUrl, model };
  const local = prefix === "local";
  type KeyItem = vscode.QuickPickItem & { how: "none" | "secret" | "env" };
  const none: KeyItem = { label: vscode.l10n.t("No API key"), detail: vscode.l10n.t("Local servers usually need none"), how: "none" };
  const secret: KeyItem = { label: vscode.l10n.t("Store a key in VS Code's secret storage"), detail: vscode.l10n.t("Typed once, kept encrypted by VS Code, never in settings"), how: "secret" };
  const fromEnv: KeyItem = { label: vscode.l10n.t("Read the key from an environment variable…"), detail: vscode.l10n.t("The variable's name goes into the setting (apiKeyEnv)"), how: "env" };
  const how = await vscode.window.showQuickPick(local ? [none, secret, fromEnv] : [secret, fromEnv, none], { title: vscode.l10n.t("API key for {0}", baseUrl), ignoreFocusOut: true });
  if (!how) return undefined;
  if (how.how === "env") {
    const name = await vscode.window.showInputBox({
      title: vscode.l10n.t("API key for {0}", baseUrl),
      prompt: vscode.l10n.t("Name of the environment variable that holds the key"),
      value: envGuess(baseUrl),
      ignoreFocusOut: true,
      validateInput: (v) => (ENV_NAME.test(v.trim()) ? undefined : vscode.l10n.t("Letters, digits and _, not starting with a digit")),
    });
    if (name === undefined) return undefined;
    if (!ENV_NAME.test(name.trim())) throw new Error(vscode.l10n.t("not an environment variable name: {0}", name.trim()));
    wanted.apiKeyEnv = name.trim();
    return { wanted: [wanted] };
  }
  if (how.how === "secret") {
    const id = uniqueEndpointId(prefix, model, takenIds(currentEntries()));
    const key = await askApiKey(id, vscode.l10n.t("Stored in VS Code's secret storage under the endpoint id, never in settings."));
    if (key === undefined) return undefined;
    return key ? { wanted: [wanted], apiKey: key } : { wanted: [wanted] };
  }
  return { wanted: [wanted] };
}

async function pickRoles(): Promise<ChatRole[] | undefined> {
  const describe: Record<ChatRole, { label: string; detail: string }> = {
    answer: { label: vscode.l10n.t("Answer"), detail: vscode.l10n.t("Asked the prompt; its answers are ranked and fused") },
    judge: { label: vscode.l10n.t("Judge"), detail: vscode.l10n.t("Compares two answers for the judge ranker") },
    fuse: { label: vscode.l10n.t("Fuse"), detail: vscode.l10n.t("Writes the fused answer for the llm fuser") },
  };
  const items = CHAT_ROLES.map((role) => ({ ...describe[role], role, picked: role === "answer" }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t("What is it for?"),
    placeHolder: vscode.l10n.t("Pick one or more roles"),
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t("No role picked: nothing was added."));
    return undefined;
  }
  return CHAT_ROLES.filter((r) => picked.some((p) => p.role === r));
}

async function offerNextSteps(added: EndpointEntry[], keyStored: boolean): Promise<void> {
  const ask = vscode.l10n.t("Ask Models and Blend");
  const open = vscode.l10n.t("Open Settings");
  const ids = added.map((e) => e.id).join(", ");
  const text =
    added.length > 1
      ? vscode.l10n.t("{0} endpoints added to your user settings: {1}.", added.length, ids)
      : keyStored
        ? vscode.l10n.t("Endpoint {0} added to your user settings; its API key is in VS Code's secret storage.", ids)
        : vscode.l10n.t("Endpoint {0} added to your user settings.", ids);
  const picked = await vscode.window.showInformationMessage(text, ask, open);
  if (picked === ask) await vscode.commands.executeCommand(ASK_COMMAND);
  else if (picked === open) await vscode.commands.executeCommand("workbench.action.openSettings", "answerBlender.endpoints");
}
