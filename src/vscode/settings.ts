// Reads the `answerBlender.*` settings into plain data. No vscode import: the caller passes
// the WorkspaceConfiguration (or a test double) as a ConfigSource.
import { JUDGE_MODES, type EndpointConfig, type JudgeMode } from "../core/engine-options";
import { MAX_JUDGE_ORDERS } from "../core/rank/engines/listwise/options";
import type { AggregatorName, PlanName } from "../core/types";
import { parseEndpoints } from "../core/endpoints/config";

/** The part of vscode.WorkspaceConfiguration this module uses. */
export interface ConfigSource {
  get<T>(section: string): T | undefined;
  inspect<T>(section: string): { globalValue?: T; workspaceValue?: T; workspaceFolderValue?: T } | undefined;
}

export interface ExtensionSettings {
  ranker: string;
  plan: PlanName;
  aggregate: AggregatorName;
  /** Whether the user set the aggregator (otherwise a ranker's own default applies: Bradley–Terry for the council). */
  aggregateChosen?: boolean;
  /** The judge ranker: one pair per request, or all answers in one request. */
  judgeMode?: JudgeMode;
  /** Listwise judge and council: orderings each judge is shown (0 or absent: the mode's default). */
  judgeOrders?: number;
  fuser: string;
  topK: number;
  pairrmModel: string;
  rewardModel: string;
  genfuserModel: string;
  modelCacheDir: string;
  threads: number;
  /** From user (global) settings only; a workspace can never redirect answers or keys. */
  endpoints: EndpointConfig[];
  /** Set when the endpoints setting is invalid (the message names the index and field). */
  endpointsError?: string;
  judgeEndpoint: string;
  fuserEndpoint: string;
  /**
   * The judge and fuser chat model: an endpoint id or a VS Code model id (`vendor/id`), from
   * answerBlender.judgeModel / fuserModel, else the older judgeEndpoint / fuserEndpoint. User settings only.
   */
  judgeModel: string;
  fuserModel: string;
  /** Answers asked of each VS Code chat model (endpoints have their own `n`). */
  samplesPerModel: number;
  /** Whether the user chose the plan (else a chat-model judge gets a cheap plan). */
  planExplicit: boolean;
  /**
   * The Open Inference Protocol server the pairrm / reward rankers run on, when both
   * answerBlender.remoteInference.url and .model are set. User settings only (a workspace
   * can never send answers elsewhere).
   */
  remoteInference?: { url: string; model: string };
}

export const SETTINGS_SECTION = "answerBlender";
/** Where a bad endpoints setting is reported from. */
export const ENDPOINTS_SETTING = "settings: answerBlender.endpoints";

const PLANS: readonly PlanName[] = ["full", "bubble", "knockout", "topk"];
const AGGREGATORS: readonly AggregatorName[] = ["max-logits", "max-wins", "copeland", "bradley-terry"];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

function int(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

function isSet(i: { globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown } | undefined): boolean {
  return i !== undefined && (i.globalValue !== undefined || i.workspaceValue !== undefined || i.workspaceFolderValue !== undefined);
}

/** Engine names are checked against the registry when the engines are built, so a new engine needs no change here. */
export function readSettings(config: ConfigSource): ExtensionSettings {
  const settings: ExtensionSettings = {
    ranker: text(config.get("ranker")) || "auto",
    plan: oneOf(config.get("plan"), PLANS, "full"),
    aggregate: oneOf(config.get("aggregate"), AGGREGATORS, "max-logits"),
    aggregateChosen: isSet(config.inspect("aggregate")),
    judgeMode: oneOf(config.get("judgeMode"), JUDGE_MODES, "pairwise"),
    judgeOrders: int(config.get("judgeOrders"), 0, 0, MAX_JUDGE_ORDERS),
    fuser: text(config.get("fuser")) || "extractive",
    topK: int(config.get("topK"), 3, 1, 64),
    pairrmModel: text(config.get("pairrm.model")),
    rewardModel: text(config.get("reward.model")),
    genfuserModel: text(config.get("genfuser.model")),
    modelCacheDir: text(config.get("modelCacheDir")),
    threads: int(config.get("threads"), 0, 0, 256),
    endpoints: [],
    judgeEndpoint: text(config.inspect<string>("judgeEndpoint")?.globalValue),
    fuserEndpoint: text(config.inspect<string>("fuserEndpoint")?.globalValue),
    judgeModel: "",
    fuserModel: "",
    samplesPerModel: int(config.get("samplesPerModel"), 1, 1, 16),
    planExplicit: isSet(config.inspect("plan")),
  };
  settings.judgeModel = text(config.inspect<string>("judgeModel")?.globalValue) || settings.judgeEndpoint;
  settings.fuserModel = text(config.inspect<string>("fuserModel")?.globalValue) || settings.fuserEndpoint;
  const remoteUrl = text(config.inspect<string>("remoteInference.url")?.globalValue);
  const remoteModel = text(config.inspect<string>("remoteInference.model")?.globalValue);
  if (remoteUrl && remoteModel) settings.remoteInference = { url: remoteUrl, model: remoteModel };
  const raw = config.inspect<unknown>("endpoints")?.globalValue;
  if (raw !== undefined) {
    try {
      settings.endpoints = parseEndpoints(raw, ENDPOINTS_SETTING);
    } catch (e) {
      settings.endpointsError = e instanceof Error ? e.message : String(e);
    }
  }
  return settings;
}
