// Turns one parsed JSON record (blend-set or MixInstruct) into a BlendExample, or says exactly what is wrong.
import type { BlendExample, Candidate, Judgment } from "../types";

/** A problem in a record: `field` is a JSON path inside the record ("candidates[2].text"). */
export class RecordError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

const MIX_VERDICTS: Record<string, Pick<Judgment, "winner" | "tieQuality">> = {
  "A is better": { winner: "a" },
  "B is better": { winner: "b" },
  "Same good": { winner: "tie", tieQuality: "good" },
  "Same bad": { winner: "tie", tieQuality: "bad" },
};

function optString(rec: Record<string, unknown>, key: string): string {
  const v = rec[key];
  if (v === undefined || v === null) return "";
  if (typeof v !== "string") throw new RecordError(`must be a string`, key);
  return v;
}

export interface RecordOutcome {
  example: BlendExample;
  /** Candidates dropped from an otherwise good record (empty text), with the field that was wrong. */
  dropped: Array<{ field: string; message: string }>;
}

/** Splits a MixInstruct "modelA,modelB" key where both sides are known model names. */
function splitPairKey(key: string, models: Set<string>): [string, string] | null {
  for (let i = key.indexOf(","); i >= 0; i = key.indexOf(",", i + 1)) {
    const a = key.slice(0, i);
    const b = key.slice(i + 1);
    if (models.has(a) && models.has(b)) return [a, b];
  }
  return null;
}

function parseCmpResults(raw: unknown, models: Set<string>): Judgment[] {
  let obj = raw;
  if (typeof raw === "string") {
    try {
      obj = JSON.parse(raw);
    } catch {
      throw new RecordError("is a string that is not valid JSON", "cmp_results");
    }
  }
  if (!isObj(obj)) throw new RecordError("must be an object (or a JSON string of one)", "cmp_results");
  const out: Judgment[] = [];
  for (const [key, verdict] of Object.entries(obj)) {
    const field = `cmp_results["${key}"]`;
    const pair = splitPairKey(key, models);
    if (!pair) throw new RecordError(`names a model that is not among the candidates`, field);
    const v = typeof verdict === "string" ? MIX_VERDICTS[verdict] : undefined;
    if (!v) throw new RecordError(`unknown verdict ${JSON.stringify(verdict)} (expected "A is better", "B is better", "Same good" or "Same bad")`, field);
    out.push({ a: pair[0], b: pair[1], ...v });
  }
  return out;
}

function parseJudgments(raw: unknown, models: Set<string>): Judgment[] {
  if (!Array.isArray(raw)) throw new RecordError("must be an array", "judgments");
  return raw.map((j, i) => {
    const f = `judgments[${i}]`;
    if (!isObj(j)) throw new RecordError("must be an object", f);
    for (const side of ["a", "b"] as const)
      if (typeof j[side] !== "string" || !models.has(j[side] as string)) throw new RecordError(`must name one of the candidates' models`, `${f}.${side}`);
    if (j.winner !== "a" && j.winner !== "b" && j.winner !== "tie") throw new RecordError(`must be "a", "b" or "tie"`, `${f}.winner`);
    const out: Judgment = { a: j.a as string, b: j.b as string, winner: j.winner };
    if (j.tieQuality === "good" || j.tieQuality === "bad") out.tieQuality = j.tieQuality;
    return out;
  });
}

function parseScores(raw: unknown, models: Set<string>): Record<string, number> {
  if (!isObj(raw)) throw new RecordError("must be an object of model → number", "scores");
  const out: Record<string, number> = {};
  for (const [m, v] of Object.entries(raw)) {
    if (!models.has(m)) throw new RecordError(`names a model that is not among the candidates`, `scores["${m}"]`);
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RecordError(`must be a finite number`, `scores["${m}"]`);
    out[m] = v;
  }
  return out;
}

/**
 * A blend-set or MixInstruct record → example. `fallbackId` is used when the record has no id.
 * Empty answers are dropped (and reported) unless `keepEmpty`: evaluation keeps them, since the
 * judge judged them too.
 */
export function parseRecord(raw: unknown, fallbackId: string, keepEmpty = false): RecordOutcome {
  if (!isObj(raw)) throw new RecordError("a record must be a JSON object");
  const id = raw.id === undefined || raw.id === null ? fallbackId : String(raw.id);
  const instruction = optString(raw, "instruction");
  const input = optString(raw, "input");
  if (!Array.isArray(raw.candidates)) throw new RecordError(raw.candidates === undefined ? "is missing" : "must be an array", "candidates");
  const candidates: Candidate[] = [];
  const dropped: RecordOutcome["dropped"] = [];
  const seen = new Set<string>();
  raw.candidates.forEach((c, i) => {
    const f = `candidates[${i}]`;
    if (!isObj(c)) throw new RecordError("must be an object", f);
    if (typeof c.model !== "string" || !c.model.trim()) throw new RecordError(c.model === undefined ? "is missing" : "must be a non-empty string", `${f}.model`);
    if (seen.has(c.model)) throw new RecordError(`duplicate model name "${c.model}"`, `${f}.model`);
    seen.add(c.model);
    if (typeof c.text !== "string") throw new RecordError(c.text === undefined ? "is missing" : "must be a string", `${f}.text`);
    if (!c.text.trim() && !keepEmpty) {
      dropped.push({ field: `${f}.text`, message: `empty answer from "${c.model}" skipped` });
      return;
    }
    // The endpoint that wrote it is kept: the council needs to know who may not judge it.
    const endpoint = isObj(c.meta) && typeof c.meta.endpoint === "string" && c.meta.endpoint ? c.meta.endpoint : undefined;
    candidates.push({ model: c.model, text: c.text, ...(endpoint ? { meta: { endpoint } } : {}) });
  });
  if (candidates.length === 0) throw new RecordError("has no non-empty answer", "candidates");
  const all = new Set(seen);
  const example: BlendExample = { id, instruction, input, candidates };
  const judgments: Judgment[] = [];
  if (raw.judgments !== undefined) judgments.push(...parseJudgments(raw.judgments, all));
  if (raw.cmp_results !== undefined && raw.cmp_results !== null) judgments.push(...parseCmpResults(raw.cmp_results, all));
  const kept = new Set(candidates.map((c) => c.model));
  if (judgments.length) example.judgments = judgments.filter((j) => kept.has(j.a) && kept.has(j.b));
  if (raw.scores !== undefined && raw.scores !== null) {
    const scores = parseScores(raw.scores, all);
    example.scores = Object.fromEntries(Object.entries(scores).filter(([m]) => kept.has(m)));
  }
  if (Array.isArray(raw.errors)) {
    example.errors = raw.errors.filter(isObj).map((e) => ({
      where: String(e.endpoint ?? e.where ?? "unknown"),
      message: String(e.message ?? ""),
      ...(e.endpoint !== undefined ? { endpoint: String(e.endpoint) } : {}),
    }));
  }
  return { example, dropped };
}
