// Shared data types of the blend engine. Pure data: no I/O, no vscode.

/** Where a candidate came from and what producing it cost (endpoint answers fill the numbers). */
export interface CandidateMeta {
  /** File the answer was read from, if any. */
  file?: string;
  /** Endpoint id the answer came from, if any. */
  endpoint?: string;
  latencyMs?: number;
  promptTokens?: number;
  completionTokens?: number;
  finishReason?: string;
}

export interface Candidate {
  /** Unique within an example: the model name, file name or endpoint id (`#k` for the k-th sample). */
  model: string;
  text: string;
  meta?: CandidateMeta;
}

/** One judge verdict between two candidates, by model name. */
export interface Judgment {
  a: string;
  b: string;
  winner: "a" | "b" | "tie";
  /** MixInstruct's "Same good" / "Same bad": GPT-Rank gives +0.5 / -0.5 to each side of such a tie. */
  tieQuality?: "good" | "bad";
}

/** A problem that did not stop the blend: a candidate, file, record or endpoint that was skipped. */
export interface BlendIssue {
  /** What failed: a file path (with line), an endpoint id, or a model name. */
  where: string;
  message: string;
  /** Set for endpoint failures (the DESIGN.md `errors` field). */
  endpoint?: string;
  /** The file the problem is in, and its line (1-based) when known: lets an editor open it there. */
  file?: string;
  line?: number;
}

/** One prompt with its candidate answers: the canonical blend-set record. */
export interface BlendExample {
  id: string;
  instruction: string;
  input: string;
  candidates: Candidate[];
  judgments?: Judgment[];
  /** Judge scores per model (higher is better). */
  scores?: Record<string, number>;
  /** Problems met while collecting this example (failed endpoints, skipped candidates). */
  errors?: BlendIssue[];
}

/** The source text PairRM sees: instruction followed directly by input (no separator). */
export function sourceText(ex: Pick<BlendExample, "instruction" | "input">): string {
  return ex.instruction + ex.input;
}

/** One ordered comparison: the logit that `a` is better than `b` for `source`. */
export interface PairInput {
  source: string;
  a: string;
  b: string;
}

export interface ProgressEvent {
  stage: "load" | "collect" | "rank" | "fuse" | "download" | "eval";
  done: number;
  total: number;
  message?: string;
}

export type ProgressListener = (e: ProgressEvent) => void;

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/**
 * A pairwise ranker engine. `scorePairs` returns, for each pair, the logit that `a` beats
 * `b` (positive: `a` is better). One element of `pairs` is one ranker call.
 */
export interface PairwiseRanker {
  readonly name: string;
  /** Identifies the weights/config, so the pair cache never mixes two models. */
  readonly modelId: string;
  scorePairs(pairs: PairInput[], opts?: RunOptions): Promise<number[]>;
  /** Problems met while scoring that did not stop it (e.g. unparseable judge verdicts counted as ties). */
  readonly issues?: readonly BlendIssue[];
  dispose?(): Promise<void>;
}

/** How a ranker judges: one ordered pair per call, one judge ranking whole lists, or every answering model ranking the others' answers. */
export type RankMode = "pairwise" | "listwise" | "council";

/** One whole-list judgement: the candidates a judge was shown, in that order, and the order it put them in. */
export interface Ballot {
  /** Id of the chat model that cast it. */
  judge: string;
  /** Candidate indices in the order they were shown. */
  shown: number[];
  /** The same candidates, best first. */
  order: number[];
}

/** Where ballots are kept between rankings (the pair cache), keyed by judge, prompt and the answers as shown. */
export interface BallotStore {
  getBallot(key: string): readonly number[] | undefined;
  setBallot(key: string, order: readonly number[]): void;
}

export interface ListRankInput {
  source: string;
  candidates: Candidate[];
  seed: number;
}

export interface ListRankOptions extends RunOptions {
  ballots?: BallotStore;
}

export interface ListRankOutcome {
  /** The ballots that count (read, possibly after one repair request). */
  ballots: Ballot[];
  /** Requests sent to chat models, repair requests included (ballots from the store not). */
  requests: number;
  /** Ballots taken from the store instead of asked. */
  cached: number;
  /** Every judge asked, with the ballots it was asked for and how many of them were dropped. */
  judges: Array<{ judge: string; asked: number; dropped: number }>;
  /** Candidates whose text was cut to fit a judge's context (by model name; each also an issue). */
  cut: string[];
}

/**
 * A ranker that judges whole lists (listwise judge, council): each request ranks several
 * answers at once. The rank step turns its ballots into the same pairwise matrix a
 * PairwiseRanker fills, so aggregators, the matrix view and eval work unchanged.
 */
export interface ListwiseRanker {
  readonly name: string;
  readonly modelId: string;
  readonly mode: Exclude<RankMode, "pairwise">;
  /** Orderings each judge is shown (k). */
  readonly orders: number;
  rankList(input: ListRankInput, opts?: ListRankOptions): Promise<ListRankOutcome>;
  /** Problems met that did not stop it (dropped ballots, cut answers, failed judges). */
  readonly issues?: readonly BlendIssue[];
  dispose?(): Promise<void>;
}

/** What the registry builds and the rank step takes. */
export type Ranker = PairwiseRanker | ListwiseRanker;

export function isListwiseRanker(r: Ranker): r is ListwiseRanker {
  return typeof (r as Partial<ListwiseRanker>).rankList === "function";
}

/** The ranker as a pairwise one, for code that scores pairs itself (benchmarks, the worker). */
export function asPairwise(r: Ranker): PairwiseRanker {
  if (isListwiseRanker(r)) throw new Error(`ranker ${r.name} ranks whole lists, not pairs`);
  return r;
}

export type PlanName = "full" | "bubble" | "knockout" | "topk";
export type AggregatorName = "max-logits" | "max-wins" | "copeland" | "bradley-terry";

export interface RankedCandidate {
  /** Index into the example's candidates. */
  candidate: number;
  model: string;
  /** 1 = best; equal scores share the better rank. */
  rank: number;
  score: number;
  /** Bradley–Terry strength (bradley-terry aggregator only). */
  strength?: number;
  /** Number of pairwise wins (each order counted, as MaxWins does). */
  wins: number;
}

export interface RankResult {
  id: string;
  ranker: string;
  modelId: string;
  plan: PlanName;
  aggregate: AggregatorName;
  /** In rank order. */
  ranking: RankedCandidate[];
  /** matrix[i][j] = logit that candidate i beats j; null where not compared (and on the diagonal). */
  matrix: (number | null)[][];
  /** Ordered pairs the plan scored (one pair = one ranker call). */
  comparisons: number;
  /** Of those, how many came from the pair cache instead of the ranker. */
  cacheHits: number;
  /** How the ranker judged (absent: pairwise). For listwise and council `comparisons` counts requests and `cacheHits` cached ballots. */
  mode?: RankMode;
  /** Listwise and council rankings: the ballots behind the matrix and how each judge agrees with the pooled ranking. */
  ballots?: BallotReport;
}

/** How one judge's ballots agree with the pooled ranking. */
export interface JudgeAgreement {
  /** Chat model id. */
  judge: string;
  /** Ballots it was asked for. */
  asked: number;
  /** Its ballots that count. */
  counted: number;
  /** Its ballots dropped (unreadable after the repair request, or the request failed). */
  dropped: number;
  /**
   * Mean Kendall τ (−1 … 1) between its ballots and the pooled ranking, over the answers each
   * ballot ranked; null when none of its ballots counted. Low or negative: it disagrees with the rest.
   */
  agreement: number | null;
}

export interface BallotReport {
  /** Orderings each judge was shown (k). */
  orders: number;
  /** Requests sent, repair requests included. */
  requests: number;
  counted: number;
  dropped: number;
  judges: JudgeAgreement[];
  /** Models whose answers were cut to fit a judge's context. */
  cut: string[];
}

export interface FusedAnswer {
  fuser: string;
  /** Human label shown next to the text ("extractive merge" for the extractive fuser). */
  label: string;
  topK: number;
  text: string;
  /** Models whose text is in the fused answer, in rank order (a fuser that reads all K: all of them). */
  sources: string[];
  /** The fuser added nothing worth adding: `text` is the top-ranked answer as is. */
  unchanged?: boolean;
}

export interface BlendResult {
  example: BlendExample;
  rank: RankResult;
  /** The top-ranked original answer, always kept next to the fused one. */
  top: Candidate;
  fused: FusedAnswer | null;
  /** Everything skipped on the way (bad candidates, failed endpoints, fuser errors). */
  issues: BlendIssue[];
}
