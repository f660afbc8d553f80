// What the views can ask the panel controller to do.
import type { PanelToHost } from "../../src/protocol";
import type { AggregatorName, PlanName } from "../../src/core/types";

export interface PanelActions {
  post(message: PanelToHost): void;
  toggleCollapsed(candidate: number): void;
  toggleDiff(candidate: number): void;
  toggleFusedDiff(): void;
  chooseRerank(plan: PlanName, aggregate: AggregatorName): void;
}
