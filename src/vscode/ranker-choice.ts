// Which ranker ranks a blend. The setting `auto` (the default) means the chosen judge model
// when there is one and it can be reached, else the builtin ranker; the panel says which it was.
import type { RankerChoice } from "../protocol";
import type { PlanName } from "../core/types";
import type { ExtensionSettings } from "./settings";

export const AUTO_RANKER = "auto";

/** Rankers that send every comparison to the judge chat model. */
const CHAT_JUDGE_RANKERS: readonly string[] = ["judge"];

/** The plan a chat-model judge gets when the user chose none: the best answer in 2(N−1) requests instead of N(N−1). */
export const CHAT_JUDGE_DEFAULT_PLAN: PlanName = "knockout";

export function usesChatJudge(ranker: string): boolean {
  return CHAT_JUDGE_RANKERS.includes(ranker);
}

/**
 * `override`: the ranker a re-rank asks for (the one that ranked before, or "judge" for
 * "Rank with a chat model…"). `reachable`: whether a judge id names a model this window can use.
 */
export function chooseRanker(settings: Pick<ExtensionSettings, "ranker" | "judgeModel">, reachable: (id: string) => boolean, override?: string): RankerChoice {
  const setting = override ?? settings.ranker;
  const judge = settings.judgeModel;
  if (setting !== AUTO_RANKER) return usesChatJudge(setting) && judge ? { setting, used: setting, judge } : { setting, used: setting };
  if (!judge) return { setting, used: "builtin", fallback: "no-judge" };
  if (!reachable(judge)) return { setting, used: "builtin", judge, fallback: "unavailable" };
  return { setting, used: "judge", judge };
}
