// A simulated LLM judge, served through the real local OpenAI-compatible test server: it
// knows every answer's hidden true quality and perceives it with noise, a position bias and
// (as a council member) a preference for its own answer. Deterministic: the noise comes from
// a hash of the request, as a temperature-0 model gives the same reply to the same prompt.
import { seededUnit } from "../../src/core/hash";
import { shownAnswers } from "../../test/helpers/openai-server";

export interface SimJudge {
  /** Noise of the perceived quality, per answer and request (the true qualities have SD 1). */
  sigma: number;
  /** How much more the judge likes the first shown answer than the last (0 = no position bias). */
  bias: number;
  /** "first": prefers answers shown early; "last": late. */
  biasSide: "first" | "last";
  /** "linear": the bias falls evenly from first to last; "edge": only the first (or last) place gets it. */
  biasShape: "linear" | "edge";
  /** Added to a council judge's own answer when it is shown (it never is). */
  selfPreference: number;
  /** Share of first replies that forget the ranking line (the repair request then gets it). */
  formatErrors: number;
  /** Ranking a long list is harder: listwise noise is sigma × (1 + listPenalty × (shown − 2)). */
  listPenalty: number;
  seed: number;
}

export interface HiddenAnswer {
  quality: number;
  /** The council member that wrote it. */
  author: string;
}

/** A standard normal from a seed and a text (Box–Muller on two hashed uniforms). */
export function hashedNormal(seed: number, text: string): number {
  const u1 = Math.max(1e-12, seededUnit(seed, text + "\u0000u1"));
  const u2 = seededUnit(seed, text + "\u0000u2");
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export function positionBias(j: SimJudge, pos: number, n: number): number {
  if (n < 2 || j.bias === 0) return 0;
  const p = j.biasSide === "first" ? pos : n - 1 - pos;
  return j.biasShape === "edge" ? (p === 0 ? j.bias : 0) : j.bias * (0.5 - p / (n - 1));
}

type Json = Record<string, unknown>;

function messages(body: Json): Array<{ role: string; content: string }> {
  return Array.isArray(body.messages) ? (body.messages as Array<{ role: string; content: string }>) : [];
}

/** The reply of the simulated judge `model` ("sim-judge", or "sim-<author>" for a council member); undefined for other requests. */
export function simulatedReply(j: SimJudge, truth: ReadonlyMap<string, HiddenAnswer>, model: string, body: Json): string | undefined {
  if (!model.startsWith("sim-")) return undefined;
  const me = model.slice(4);
  const msgs = messages(body);
  const first = msgs.find((m) => m.role === "user")?.content ?? "";
  const shown = shownAnswers(first);
  if (shown.length < 2) return undefined;
  const listwise = first.includes("FINAL RANKING:");
  const sigma = listwise ? j.sigma * (1 + j.listPenalty * (shown.length - 2)) : j.sigma;
  const perceived = shown.map((a, pos) => {
    const t = truth.get(a.text);
    if (!t) throw new Error(`simulated judge: unknown answer "${a.text.slice(0, 40)}"`);
    // Keyed by the first prompt only: a repair request gets the same judgement again.
    const noise = sigma * hashedNormal(j.seed, `${model}\u0000${first}\u0000${a.label}`);
    return { label: a.label, u: t.quality + noise + positionBias(j, pos, shown.length) + (t.author === me ? j.selfPreference : 0) };
  });
  if (!listwise) return perceived[0].u >= perceived[1].u ? "A" : "B";
  const labels = [...perceived].sort((x, y) => y.u - x.u).map((p) => p.label);
  const line = `FINAL RANKING: ${labels.join(" > ")}`;
  const repair = msgs.some((m) => m.role === "assistant");
  if (repair) return line;
  const sentence = `Answer ${labels[0]} is the most helpful; Answer ${labels[labels.length - 1]} is the weakest.`;
  if (seededUnit(j.seed, `${model}\u0000format\u0000${first}`) < j.formatErrors) return sentence;
  return `${sentence}\n${line}`;
}
