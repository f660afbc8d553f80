import { test } from "node:test";
import assert from "node:assert/strict";
import { EngineFactory } from "../../src/core/engines";
import type { EngineContext, EngineOptions } from "../../src/core/engine-options";
import type { PairwiseRanker } from "../../src/core/types";
import { BlendEngines } from "../../src/vscode/blend-engines";
import { enginePlan } from "../../src/vscode/engine-plan";
import type { ExtensionSettings } from "../../src/vscode/settings";

/** The real factory, counting what it builds and what gets disposed. */
class CountingFactory extends EngineFactory {
  built: string[] = [];
  disposed: string[] = [];
  constructor() {
    super(true);
  }
  override async ranker(name: string, o: EngineOptions, ctx?: EngineContext): Promise<PairwiseRanker> {
    const r = await super.ranker(name, o, ctx);
    this.built.push(name);
    return Object.assign(Object.create(r) as PairwiseRanker, { dispose: async () => void this.disposed.push(name) });
  }
}

const settings = (over: Partial<ExtensionSettings> = {}): ExtensionSettings => ({
  ranker: "length",
  plan: "full",
  aggregate: "max-logits",
  fuser: "none",
  topK: 3,
  pairrmModel: "",
  rewardModel: "",
  genfuserModel: "",
  modelCacheDir: "",
  threads: 0,
  endpoints: [],
  judgeEndpoint: "",
  fuserEndpoint: "",
  judgeModel: "",
  fuserModel: "",
  samplesPerModel: 1,
  planExplicit: false,
  ...over,
});

const example = {
  id: "e",
  instruction: "Say hi",
  input: "",
  candidates: [
    { model: "a", text: "hi" },
    { model: "b", text: "hello there" },
    { model: "c", text: "hey!" },
  ],
};

test("engines are built once per settings and reused; the second blend's scores all come from the pair cache", async () => {
  const f = new CountingFactory();
  const engines = new BlendEngines(f);
  const plan = enginePlan(settings(), []);
  const first = await engines.blend(example, plan);
  const second = await engines.blend(example, plan);
  assert.deepEqual(f.built, ["length"]);
  assert.equal(first.rank.cacheHits, 0);
  assert.equal(second.rank.cacheHits, second.rank.comparisons);
  assert.deepEqual(second.rank.ranking.map((r) => r.model), ["b", "c", "a"]);
  await engines.close();
});

test("switching the ranker in the settings disposes the old engine", async () => {
  const f = new CountingFactory();
  const engines = new BlendEngines(f);
  await engines.blend(example, enginePlan(settings(), []));
  await engines.blend(example, enginePlan(settings({ ranker: "random" }), []));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(f.built, ["length", "random"]);
  assert.deepEqual(f.disposed, ["length"]);
  assert.deepEqual(engines.loaded, { rankers: 1, fusers: 1 });
  await engines.close();
  assert.deepEqual(f.disposed, ["length", "random"]);
});

test("a fuser that cannot be built does not lose the ranking: it becomes an issue", async () => {
  const engines = new BlendEngines(new CountingFactory());
  const r = await engines.blend(example, enginePlan(settings({ fuser: "no-such-fuser" }), []));
  assert.equal(r.fused, null);
  assert.equal(r.top.text, "hello there");
  assert.deepEqual(r.issues.map((i) => i.where), ["fuser no-such-fuser"]);
  assert.match(r.issues[0].message, /unknown fuser/);
  await engines.close();
});

test("re-rank keeps the fused answer when the top K are unchanged and fuses again when they change", async () => {
  const engines = new BlendEngines(new CountingFactory());
  const base = await engines.blend(example, enginePlan(settings({ topK: 1 }), []));
  const same = await engines.rerank(base, enginePlan(settings({ topK: 1 }), [], { aggregate: "copeland" }));
  assert.equal(same.fused, base.fused, "same top answer: the fused object is kept as is");
  const other = await engines.rerank(base, enginePlan(settings({ ranker: "random", topK: 1 }), [], { ranker: "random" }));
  if (other.rank.ranking[0].model !== "b") assert.notEqual(other.fused?.text, base.fused?.text);
  assert.equal(other.fused?.sources[0], other.rank.ranking[0].model);
  await engines.close();
});
