// Who sits on the council: every model that wrote one of the answers and can be asked to
// judge ranks the answers it did not write.
import type { Candidate } from "../../../types";
import { modelOfSample } from "../../../chat/sample-names";

export interface CouncilSeat {
  /** Chat model id of the judge. */
  judge: string;
  /** Candidates it wrote (never shown to it). */
  own: number[];
  /** Candidates it ranks. */
  sees: number[];
}

/** The model that wrote a candidate: `meta.endpoint`, else its name without a `#k` sample suffix. */
export function authorOf(c: Candidate): string {
  return c.meta?.endpoint ?? modelOfSample(c.model);
}

export function councilSeats(candidates: readonly Candidate[], canJudge: (id: string) => boolean): CouncilSeat[] {
  const authors = candidates.map(authorOf);
  const judges = [...new Set(authors)].filter(canJudge);
  const all = candidates.map((_, i) => i);
  return judges.map((judge) => ({ judge, own: all.filter((i) => authors[i] === judge), sees: all.filter((i) => authors[i] !== judge) }));
}
