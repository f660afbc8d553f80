// Turns the extension settings into the engine names, engine options and blend settings the
// core takes. Pure data in, pure data out: the tests check this mapping directly.
import type { BlendSettings } from "../core/blend";
import type { EndpointConfig, EngineOptions } from "../core/engine-options";
import type { AggregatorName, PlanName } from "../core/types";
import type { RankerChoice } from "../protocol";
import { defaultAggregate } from "../core/registry";
import { AUTO_RANKER, CHAT_JUDGE_DEFAULT_PLAN, chooseRanker, usesChatJudge } from "./ranker-choice";
import type { ExtensionSettings } from "./settings";
import { REMOTE_ENGINES } from "../core/remote/remote-options";

const isRemoteEngine = (ranker: string) => (REMOTE_ENGINES as readonly string[]).includes(ranker);

export interface EngineSpec {
  name: string;
  options: EngineOptions;
}

export interface EnginePlan {
  ranker: EngineSpec;
  fuser: EngineSpec;
  blend: BlendSettings;
  /** Which ranker the settings (auto) chose, for the panel. */
  rankerChoice: RankerChoice;
}

/** Endpoint-based engines get the endpoints (with keys) and the id they use; model engines get model, cache and threads. */
function options(settings: ExtensionSettings, endpoints: EndpointConfig[], model: string, endpoint: string): EngineOptions {
  const o: EngineOptions = { allowDownload: true, seed: 0 };
  if (settings.threads > 0) o.threads = settings.threads;
  if (settings.modelCacheDir) o.cacheDir = settings.modelCacheDir;
  if (model) o.model = model;
  if (endpoint) o.endpoint = endpoint;
  if (endpoints.length) o.endpoints = endpoints;
  return o;
}

/** Chat-model rankers: the judge's mode and orders, the council's orders. */
function judgeOptions(settings: ExtensionSettings, ranker: string): Pick<EngineOptions, "judgeMode" | "judgeOrders"> {
  const orders = settings.judgeOrders ? { judgeOrders: settings.judgeOrders } : {};
  if (ranker === "judge") return settings.judgeMode === "listwise" ? { judgeMode: "listwise", ...orders } : {};
  if (ranker === "council") return orders;
  return {};
}

/** Rankers that ask chat models: the judge, and the council (the answering models judge each other). */
function usesChatModels(ranker: string): boolean {
  return usesChatJudge(ranker) || ranker === "council";
}

/**
 * `reachable(id)`: whether a judge model id names a model this window can use (VS Code chat
 * models, endpoints); by default only the endpoints given count.
 */
export function enginePlan(
  settings: ExtensionSettings,
  endpoints: EndpointConfig[],
  override: { plan?: PlanName; aggregate?: AggregatorName; ranker?: string } = {},
  reachable: (id: string) => boolean = (id) => endpoints.some((e) => e.id === id),
): EnginePlan {
  const rankerChoice = chooseRanker(settings, reachable, override.ranker);
  const ranker = rankerChoice.used;
  const chatJudge = usesChatJudge(ranker);
  const rankerModel = ranker === "pairrm" ? settings.pairrmModel : ranker === "reward" ? settings.rewardModel : "";
  const rankerEndpoint = chatJudge ? settings.judgeModel : "";
  const fuserModel = settings.fuser === "genfuser" ? settings.genfuserModel : "";
  const fuserEndpoint = settings.fuser === "llm" ? settings.fuserModel : "";
  // Every pairwise judge call is a metered request: unless the user chose a plan, find the best answer cheaply.
  const plan = override.plan ?? (chatJudge && !settings.planExplicit ? CHAT_JUDGE_DEFAULT_PLAN : settings.plan);
  const aggregate = override.aggregate ?? (settings.aggregateChosen === false ? defaultAggregate(ranker) : settings.aggregate);
  const rankerOptions: EngineOptions = { ...options(settings, usesChatModels(ranker) ? endpoints : [], rankerModel, rankerEndpoint), ...judgeOptions(settings, ranker) };
  // The model runs on the remote server; the token is filled in from SecretStorage when the blend starts.
  if (settings.remoteInference && isRemoteEngine(ranker)) rankerOptions.remote = { ...settings.remoteInference };
  return {
    ranker: { name: ranker, options: rankerOptions },
    fuser: { name: settings.fuser, options: options(settings, settings.fuser === "llm" ? endpoints : [], fuserModel, fuserEndpoint) },
    blend: {
      plan,
      aggregate,
      seed: 0,
      topK: settings.topK,
      fuseTopK: settings.topK,
    },
    rankerChoice,
  };
}

/** Whether building these engines needs the endpoints (and so their API keys). */
export function needsEndpoints(settings: ExtensionSettings, rankerOverride?: string): boolean {
  const ranker = rankerOverride ?? settings.ranker;
  return usesChatModels(ranker) || (ranker === AUTO_RANKER && settings.judgeModel !== "") || settings.fuser === "llm";
}
