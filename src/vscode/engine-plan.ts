// Turns the extension settings into the engine names, engine options and blend settings the
// core takes. Pure data in, pure data out: the tests check this mapping directly.
import type { BlendSettings } from "../core/blend";
import type { EndpointConfig, EngineOptions } from "../core/engine-options";
import type { AggregatorName, PlanName } from "../core/types";
import type { ExtensionSettings } from "./settings";

export interface EngineSpec {
  name: string;
  options: EngineOptions;
}

export interface EnginePlan {
  ranker: EngineSpec;
  fuser: EngineSpec;
  blend: BlendSettings;
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

export function enginePlan(
  settings: ExtensionSettings,
  endpoints: EndpointConfig[],
  override: { plan?: PlanName; aggregate?: AggregatorName; ranker?: string } = {},
): EnginePlan {
  const ranker = override.ranker ?? settings.ranker;
  const rankerModel = ranker === "pairrm" ? settings.pairrmModel : ranker === "reward" ? settings.rewardModel : "";
  const rankerEndpoint = ranker === "judge" ? settings.judgeEndpoint : "";
  const fuserModel = settings.fuser === "genfuser" ? settings.genfuserModel : "";
  const fuserEndpoint = settings.fuser === "llm" ? settings.fuserEndpoint : "";
  return {
    ranker: { name: ranker, options: options(settings, ranker === "judge" ? endpoints : [], rankerModel, rankerEndpoint) },
    fuser: { name: settings.fuser, options: options(settings, settings.fuser === "llm" ? endpoints : [], fuserModel, fuserEndpoint) },
    blend: {
      plan: override.plan ?? settings.plan,
      aggregate: override.aggregate ?? settings.aggregate,
      seed: 0,
      topK: settings.topK,
      fuseTopK: settings.topK,
    },
  };
}

/** Whether building these engines needs the endpoints (and so their API keys). */
export function needsEndpoints(settings: ExtensionSettings, rankerOverride?: string): boolean {
  return (rankerOverride ?? settings.ranker) === "judge" || settings.fuser === "llm";
}
