import type { EngineOptions } from "../../../engine-options";
import { InputError } from "../../../errors";

export const MAX_JUDGE_ORDERS = 4;
/** The listwise judge: one order and its reverse. */
export const DEFAULT_JUDGE_ORDERS = 2;
/** One ballot per council judge: the judges already see the answers in different orders. */
export const COUNCIL_DEFAULT_ORDERS = 1;

/** The orderings each judge is shown: `judgeOrders` (1 … 4) or the mode's default. */
export function judgeOrders(o: EngineOptions, fallback: number): number {
  const k = o.judgeOrders ?? fallback;
  if (!Number.isInteger(k) || k < 1 || k > MAX_JUDGE_ORDERS)
    throw new InputError(`judge orders must be a whole number from 1 to ${MAX_JUDGE_ORDERS}, got ${k}`, undefined, undefined, "judgeOrders");
  return k;
}
