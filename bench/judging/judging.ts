// Requests per prompt and how often each LLM ranking method finds the truly best answer,
// against a simulated judge served by the real local OpenAI-compatible test server.
// Prints Markdown tables (bench/README.md "Judging: pairwise, listwise, council").
//
// Run: node --import tsx bench/judging/judging.ts [--prompts 300] [--n 4,6,11] [--sigma 0.5,1,2]
//        [--bias 0.5] [--section grid|bias|lists|all] [--seed 1] [--parallel 4]
import { JudgeRanker } from "../../src/core/rank/engines/judge";
import { ListwiseJudgeRanker } from "../../src/core/rank/engines/listwise/listwise-judge";
import { CouncilRanker } from "../../src/core/rank/engines/listwise/council";
import { rankExample, type RankSettings } from "../../src/core/rank/rank-example";
import { PairCache } from "../../src/core/rank/pair-cache";
import { mixSeed, shownOrders } from "../../src/core/rank/ballots";
import { kendallTau } from "../../src/core/eval/kendall";
import type { EndpointConfig } from "../../src/core/engine-options";
import type { BlendExample, Ranker, RankResult } from "../../src/core/types";
import { sourceText } from "../../src/core/types";
import { endpointModel, startOpenAiServer } from "../../test/helpers/openai-server";
import { hashedNormal, simulatedReply, type HiddenAnswer, type SimJudge } from "./sim-judge";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const list = (s: string) => s.split(",").map(Number);

const PROMPTS = Number(arg("prompts", "300"));
const SIZES = list(arg("n", "4,6,11"));
const SIGMAS = list(arg("sigma", "0.5,1,2"));
const BIAS = Number(arg("bias", "0.5"));
const SECTION = arg("section", "all");
const SEED = Number(arg("seed", "1"));
const PARALLEL = Number(arg("parallel", "4"));
const CLIENT = { maxRetries: 0, concurrency: 4, firstByteTimeoutMs: 30_000, idleTimeoutMs: 30_000 };

type Method = "pairwise full" | "pairwise knockout" | "listwise k=1" | "listwise k=2" | "listwise k=3" | "council";
const METHODS: Method[] = ["pairwise full", "pairwise knockout", "listwise k=1", "listwise k=2", "listwise k=3", "council"];

interface Outcome {
  top1: number[];
  tau: number[];
  /** Listwise: the top pick was the answer shown first in the first order. */
  firstShown: number[];
  requests: number;
  dropped: number;
}

/** One prompt: N answers with hidden qualities ~ N(0, 1), answer i written by council member m<i>. */
function makePrompts(n: number, count: number, seed: number): { examples: BlendExample[]; truth: Map<string, HiddenAnswer> } {
  const truth = new Map<string, HiddenAnswer>();
  const examples: BlendExample[] = [];
  for (let p = 0; p < count; p++) {
    const candidates = Array.from({ length: n }, (_, i) => {
      const text = `Answer ${i + 1} to question ${p} (n=${n}, seed ${seed}).`;
      truth.set(text, { quality: hashedNormal(seed, `quality ${n} ${p} ${i}`), author: `m${i}` });
      return { model: `m${i}`, text, meta: { endpoint: `m${i}` } };
    });
    examples.push({ id: `q${p}`, instruction: `Question ${p} with ${n} answers.`, input: "", candidates });
  }
  return { examples, truth };
}

async function pool<T>(items: readonly T[], width: number, work: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

function top1(r: RankResult, q: number[]): number {
  const best = q.indexOf(Math.max(...q));
  const top = r.ranking.filter((x) => x.rank === 1).map((x) => x.candidate);
  return top.includes(best) ? 1 / top.length : 0;
}

function tauOf(r: RankResult, q: number[]): number {
  const score = new Array<number>(q.length);
  for (const x of r.ranking) score[x.candidate] = -x.rank;
  return kendallTau(score, q) ?? 0;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const se = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
};

async function main(): Promise<void> {
  let sim: SimJudge = { sigma: 1, bias: BIAS, biasSide: "first", biasShape: "linear", selfPreference: 1, formatErrors: 0.03, listPenalty: 0, seed: SEED };
  let truth = new Map<string, HiddenAnswer>();
  const srv = await startOpenAiServer({ reply: ({ model, body }) => simulatedReply(sim, truth, model, body) });
  const judgeEp: EndpointConfig = { id: "judge", baseUrl: srv.url, model: "sim-judge" };

  const rankerFor = (m: Method, n: number): { ranker: Ranker; plan: RankSettings["plan"]; aggregate: RankSettings["aggregate"] } => {
    const judge = endpointModel(judgeEp, CLIENT);
    if (m === "pairwise full") return { ranker: new JudgeRanker(judge, { useLogprobs: false }), plan: "full", aggregate: "max-logits" };
    if (m === "pairwise knockout") return { ranker: new JudgeRanker(judge, { useLogprobs: false }), plan: "knockout", aggregate: "max-logits" };
    if (m.startsWith("listwise")) return { ranker: new ListwiseJudgeRanker(judge, Number(m.slice(-1))), plan: "full", aggregate: "max-logits" };
    const members = new Map(Array.from({ length: n }, (_, i) => [`m${i}`, endpointModel({ id: `m${i}`, baseUrl: srv.url, model: `sim-m${i}` }, CLIENT)]));
    return { ranker: new CouncilRanker((id) => members.get(id), 1), plan: "full", aggregate: "bradley-terry" };
  };

  async function run(m: Method, examples: BlendExample[]): Promise<Outcome> {
    const n = examples[0].candidates.length;
    const { ranker, plan, aggregate } = rankerFor(m, n);
    const settings: RankSettings = { plan, aggregate, seed: 0, topK: 3 };
    const out: Outcome = { top1: new Array(examples.length), tau: new Array(examples.length), firstShown: new Array(examples.length), requests: 0, dropped: 0 };
    srv.reset();
    await pool(examples.map((ex, p) => [ex, p] as const), PARALLEL, async ([ex, p]) => {
      const r = await rankExample(ex, ranker, settings, new PairCache());
      const q = ex.candidates.map((c) => truth.get(c.text)!.quality);
      out.top1[p] = top1(r, q);
      out.tau[p] = tauOf(r, q);
      out.dropped += r.ballots?.dropped ?? 0;
      const k = m.startsWith("listwise") ? Number(m.slice(-1)) : 0;
      const first = k ? shownOrders(ex.candidates.map((_, i) => i), k, mixSeed(0, sourceText(ex)))[0][0] : -1;
      const top = r.ranking.filter((x) => x.rank === 1).map((x) => x.candidate);
      out.firstShown[p] = top.includes(first) ? 1 / top.length : 0;
    });
    out.requests = srv.requests.length / examples.length;
    return out;
  }

  const fmt = (x: number, d = 2) => x.toFixed(d);
  const started = Date.now();

  if (SECTION === "grid" || SECTION === "all") {
    console.log(`## Grid: ${PROMPTS} prompts per cell, position bias ${BIAS} (first shown), self-preference 1, 3 % of first replies without the ranking line\n`);
    const targets: string[] = [];
    for (const n of SIZES) {
      const results = new Map<string, Outcome>();
      for (const sigma of SIGMAS) {
        sim = { ...sim, sigma, bias: BIAS, biasShape: "linear", listPenalty: 0 };
        const made = makePrompts(n, PROMPTS, SEED * 1000 + n * 10 + Math.round(sigma * 10));
        truth = made.truth;
        for (const m of METHODS) results.set(`${m}|${sigma}`, await run(m, made.examples));
        const ko = results.get(`pairwise knockout|${sigma}`)!;
        const lw = results.get(`listwise k=2|${sigma}`)!;
        const d = lw.top1.map((x, p) => x - ko.top1[p]);
        targets.push(
          `| ${n} | ${sigma} | ${fmt(lw.top1.length ? mean(lw.top1) : 0)} | ${fmt(mean(ko.top1))} | ${d.length ? (mean(d) >= 0 ? "+" : "") + fmt(mean(d), 3) + " ± " + fmt(se(d), 3) : ""} | ${fmt(lw.requests, 2)} / ${fmt(ko.requests, 0)} = ${fmt(lw.requests / ko.requests, 2)} |`,
        );
      }
      console.log(`### N = ${n}\n`);
      console.log(`| method | requests per prompt | ${SIGMAS.map((s) => `top-1 σ=${s} | τ σ=${s}`).join(" | ")} |`);
      console.log(`|---|---|${SIGMAS.map(() => "---|---").join("|")}|`);
      for (const m of METHODS) {
        const rs = SIGMAS.map((s) => results.get(`${m}|${s}`)!);
        const req = mean(rs.map((r) => r.requests));
        console.log(`| ${m} | ${fmt(req, req < 10 ? 2 : 1)} | ${rs.map((r) => `${fmt(mean(r.top1))} | ${fmt(mean(r.tau))}`).join(" | ")} |`);
      }
      console.log(`\n(top-1 standard error about ${fmt(Math.sqrt(0.25 / PROMPTS), 3)} at most; τ = Kendall τ-b against the hidden order)\n`);
    }
    console.log(`### Target: listwise k = 2 against pairwise knockout\n`);
    console.log(`| N | σ | top-1 listwise k=2 | top-1 knockout | difference (paired) ± SE | requests k=2 / knockout |`);
    console.log(`|---|---|---|---|---|---|`);
    for (const t of targets) console.log(t);
    console.log("");
  }

  if (SECTION === "bias" || SECTION === "all") {
    const n = 6;
    console.log(`## Position bias: N = ${n}, ${PROMPTS} prompts, the judge prefers answers shown early\n`);
    const cases: Array<{ sigma: number; bias: number; shape: SimJudge["biasShape"]; label: string }> = [
      { sigma: 0, bias: 0, shape: "linear", label: "σ=0, no bias" },
      { sigma: 0, bias: 2, shape: "linear", label: "σ=0, linear bias 2 (pure position bias)" },
      { sigma: 0, bias: 2, shape: "edge", label: "σ=0, first place +2 (pure)" },
      { sigma: 0.5, bias: 0, shape: "linear", label: "σ=0.5, no bias" },
      { sigma: 0.5, bias: 1, shape: "linear", label: "σ=0.5, linear bias 1" },
      { sigma: 0.5, bias: 2, shape: "linear", label: "σ=0.5, linear bias 2" },
      { sigma: 0.5, bias: 2, shape: "edge", label: "σ=0.5, first place +2" },
    ];
    const methods: Method[] = ["listwise k=1", "listwise k=2", "listwise k=3", "pairwise knockout", "pairwise full"];
    const made = makePrompts(n, PROMPTS, SEED * 1000 + 77);
    truth = made.truth;
    const table = new Map<string, Outcome>();
    for (const c of cases) {
      sim = { ...sim, sigma: c.sigma, bias: c.bias, biasShape: c.shape, listPenalty: 0 };
      for (const m of methods) table.set(`${m}|${c.label}`, await run(m, made.examples));
    }
    console.log(`| judge | ${methods.map((m) => `${m} top-1`).join(" | ")} | first shown wins, k=1 | k=2 |`);
    console.log(`|---|${methods.map(() => "---").join("|")}|---|---|`);
    for (const c of cases) {
      const row = methods.map((m) => fmt(mean(table.get(`${m}|${c.label}`)!.top1)));
      console.log(`| ${c.label} | ${row.join(" | ")} | ${fmt(mean(table.get(`listwise k=1|${c.label}`)!.firstShown))} | ${fmt(mean(table.get(`listwise k=2|${c.label}`)!.firstShown))} |`);
    }
    const acc = (m: Method, label: string) => mean(table.get(`${m}|${label}`)!.top1);
    console.log(`\n(chance for "first shown wins" is 1/${n} = ${fmt(1 / n)}.) Top-1 lost to the bias (against the same method without it) and the share k = 2 removes, 1 − loss₂ / loss₁:\n`);
    for (const c of cases.filter((x) => x.bias > 0)) {
      const clean = cases.find((x) => x.sigma === c.sigma && x.bias === 0)!.label;
      const loss1 = acc("listwise k=1", clean) - acc("listwise k=1", c.label);
      const loss2 = acc("listwise k=2", clean) - acc("listwise k=2", c.label);
      const chance = 1 / n;
      const fs = (m: Method) => mean(table.get(`${m}|${c.label}`)!.firstShown) - chance;
      console.log(
        `* ${c.label}: k=1 loses ${fmt(loss1, 3)}, k=2 loses ${fmt(loss2, 3)}${loss1 > 0 ? `: ${fmt(100 * (1 - loss2 / loss1), 0)} % of the loss removed` : ""}; ` +
          `first shown wins ${fmt(fs("listwise k=1"), 2)} above chance with k=1, ${fmt(fs("listwise k=2"), 2)} with k=2: ${fmt(100 * (1 - fs("listwise k=2") / fs("listwise k=1")), 0)} % of that excess removed`,
      );
    }
    console.log("");
  }

  if (SECTION === "lists" || SECTION === "all") {
    console.log(`## If long lists are harder: listwise noise σ × (1 + λ (shown − 2)), σ = 1, bias ${BIAS}, ${PROMPTS} prompts\n`);
    const methods: Method[] = ["pairwise knockout", "listwise k=2", "listwise k=3", "council"];
    console.log(`| N | λ | ${methods.map((m) => `${m} top-1`).join(" | ")} |`);
    console.log(`|---|---|${methods.map(() => "---").join("|")}|`);
    for (const n of SIZES.filter((x) => x >= 6)) {
      const made = makePrompts(n, PROMPTS, SEED * 1000 + n * 10 + 10);
      truth = made.truth;
      for (const lambda of [0.05, 0.1]) {
        sim = { ...sim, sigma: 1, bias: BIAS, biasShape: "linear", listPenalty: lambda };
        const row: string[] = [];
        for (const m of methods) row.push(fmt(mean((await run(m, made.examples)).top1)));
        console.log(`| ${n} | ${lambda} | ${row.join(" | ")} |`);
      }
    }
    console.log("");
  }
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  await srv.close();
}

void main();
