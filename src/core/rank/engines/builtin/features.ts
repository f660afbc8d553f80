// Answer features of the builtin ranker. Mirrors models/builtin/train/features.py exactly: any
// change must be made in both (test/unit/builtin-parity.test.ts compares them on
// models/builtin/parity.json). Only ASCII case folding, explicit character classes and
// code-point counts are used so both languages agree.

export const FEATURE_VERSION = 1;

export const DENSE_NAMES = [
  "log_chars", "log_words", "log_lines", "log_prompt_chars", "log_len_ratio", "empty", "few_words",
  "bullet_frac", "numbered_frac", "log_headers", "log_fences", "log_bold", "ends_clean", "ends_alnum",
  "uniq_word_ratio", "rep_trigram_frac", "max_line_repeat_frac", "log_max_trigram", "log_refusal",
  "log_apology", "log_ai_self", "log_injection", "prompt_coverage", "answer_in_prompt", "digit_frac",
  "upper_frac", "nonascii_frac", "punct_frac", "mean_word_len", "log_sent_len", "log_qmarks",
  "prompt_codey", "has_fence", "log_paragraphs", "log_urls", "log_exclaim", "log_max_line",
  "prompt_brief", "log_prompt_words", "brace_frac", "colon_line_frac", "oov_frac", "last_oov",
  "short_unfinished",
] as const;

/** The feature spec shipped as models/builtin/features.json. */
export interface FeatureSpec {
  version: number;
  dim: number;
  dense: string[];
  hash: { answer: number; start: number; prompt: number; maxTokens: number; startTokens: number };
  stopwords: string[];
  /** Frequent words of the training answers (out-of-vocabulary features). */
  vocab: string[];
  phrases: {
    refusal: string[];
    apology: string[];
    aiSelf: string[];
    injection: string[];
    promptCode: string[];
    promptBrief: string[];
  };
}

/** What a prompt contributes to every answer's features (computed once per prompt). */
export interface PromptInfo {
  nchars: number;
  nwords: number;
  tokset: Set<string>;
  content: Set<string>;
  codey: number;
  brief: number;
  /** Hashed prompt words: absolute feature indices and values. */
  hashed: Array<[number, number]>;
}

const TOKEN_RE = /[a-z0-9\u00c0-\u024f\u0370-\u1fff]+|[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;
const BULLET_RE = /^[-*+\u2022] /;
const NUMBERED_RE = /^[0-9]{1,3}[.)] /;
const SURROGATE_PAIR_RE = /[\ud800-\udbff][\udc00-\udfff]/g;
const ASCII_ALNUM = new Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
const CLEAN_END = new Set(".!?)]}\"'`*:;>\u3002\uff01\uff1f\u201d\u2019|");

export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

export function tokens(lower: string): string[] {
  return lower.match(TOKEN_RE) ?? [];
}

const FNV_BASIS = 0x811c9dc5;

/** Continues a 32-bit FNV-1a hash over the code points of `s`. */
function fnvMore(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        i++;
      }
    }
    h = Math.imul(h ^ c, 0x01000193) >>> 0;
  }
  return h;
}

/** 32-bit FNV-1a over code points (as the Python side computes it). */
export function fnv1a(s: string): number {
  return fnvMore(FNV_BASIS, s);
}

/** Length in code points (Python's len). */
export function cpLength(s: string): number {
  const pairs = s.match(SURROGATE_PAIR_RE);
  return s.length - (pairs ? pairs.length : 0);
}

/** Non-overlapping occurrences, as Python's str.count. */
export function countSub(s: string, sub: string): number {
  let n = 0;
  for (let i = s.indexOf(sub); i !== -1; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

function countPhrases(lower: string, phrases: string[]): number {
  let n = 0;
  for (const p of phrases) n += countSub(lower, p);
  return n;
}

function stripLine(line: string): string {
  return line.replace(/^[ \t\r]+|[ \t\r]+$/g, "");
}

function lastCodePoint(s: string): string {
  if (!s) return "";
  const cps = Array.from(s.slice(-2));
  return cps[cps.length - 1];
}

/** Per-bucket counts, reused across calls (features run on one thread). */
let scratch = new Int32Array(4096);

/** log1p(count) per bucket, L2-normalised, sorted by index; the norm sums buckets in first-seen order (as Python does). */
function bagFromBuckets(buckets: number[], offset: number): Array<[number, number]> {
  let max = 0;
  for (const i of buckets) if (i > max) max = i;
  if (max >= scratch.length) scratch = new Int32Array(max + 1);
  const counts = scratch;
  const seen: number[] = [];
  for (const i of buckets) if (counts[i]++ === 0) seen.push(i);
  let sq = 0;
  for (const i of seen) {
    const v = Math.log1p(counts[i]);
    sq += v * v;
  }
  const norm = Math.sqrt(sq);
  const idx = Int32Array.from(seen).sort();
  const out = new Array<[number, number]>(norm === 0 ? 0 : idx.length);
  for (let k = 0; k < out.length; k++) out[k] = [offset + idx[k], Math.log1p(counts[idx[k]]) / norm];
  for (const i of seen) counts[i] = 0;
  return out;
}

interface CharStats {
  digits: number;
  upper: number;
  /** Code points above 0x7f. */
  nonAscii: number;
  punct: number;
  braces: number;
  terminators: number;
  questions: number;
  exclaims: number;
}

/** One pass over the text for the character-class counts (same classes as the Python regexes). */
function charStats(text: string): CharStats {
  const st: CharStats = { digits: 0, upper: 0, nonAscii: 0, punct: 0, braces: 0, terminators: 0, questions: 0, exclaims: 0 };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      // a surrogate pair is one code point
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      st.nonAscii++;
      continue;
    }
    if (c >= 48 && c <= 57) st.digits++;
    else if (c >= 65 && c <= 90) st.upper++;
    else if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
      st.punct++;
      if (c === 123 || c === 125 || c === 91 || c === 93 || c === 60 || c === 62) st.braces++;
      if (c === 46 || c === 33 || c === 63) st.terminators++;
      if (c === 63) st.questions++;
      if (c === 33) st.exclaims++;
    }
  }
  return st;
}

function hashedBag(keys: string[], size: number, offset: number): Array<[number, number]> {
  return bagFromBuckets(keys.map((k) => fnv1a(k) % size), offset);
}

/** Buckets of the answer's unigrams ("u" + t) and bigrams ("b" + t1 + "_" + t2) without building the key strings. */
function wordBuckets(toks: string[], size: number): number[] {
  const uni = new Map<string, [number, number]>(); // token -> [hash of "u"+t, state after "b"+t+"_"]
  const hU = fnvMore(FNV_BASIS, "u");
  const hB = fnvMore(FNV_BASIS, "b");
  const info = toks.map((t) => {
    let e = uni.get(t);
    if (!e) {
      e = [fnvMore(hU, t), fnvMore(fnvMore(hB, t), "_")];
      uni.set(t, e);
    }
    return e;
  });
  const out: number[] = info.map((e) => e[0] % size);
  for (let i = 0; i + 1 < toks.length; i++) out.push(fnvMore(info[i][1], toks[i + 1]) % size);
  return out;
}

export class Featurizer {
  readonly nDense = DENSE_NAMES.length;
  readonly dim: number;
  private readonly stop: Set<string>;
  private readonly vocab: Set<string>;

  constructor(readonly spec: FeatureSpec) {
    this.dim = this.nDense + spec.hash.answer + spec.hash.start + spec.hash.prompt;
    this.stop = new Set(spec.stopwords);
    this.vocab = new Set(spec.vocab);
  }

  promptInfo(prompt: string): PromptInfo {
    const lower = asciiLower(prompt);
    const toks = tokens(lower);
    const content = new Set(toks.filter((t) => t.length >= 3 && !this.stop.has(t)));
    const h = this.spec.hash;
    return {
      nchars: cpLength(prompt),
      nwords: toks.length,
      tokset: new Set(toks),
      content,
      codey: countPhrases(lower, this.spec.phrases.promptCode) > 0 ? 1 : 0,
      brief: countPhrases(lower, this.spec.phrases.promptBrief) > 0 ? 1 : 0,
      hashed: hashedBag(toks.slice(0, h.maxTokens).map((t) => "p" + t), h.prompt, this.nDense + h.answer + h.start),
    };
  }

  /** Dense features (in DENSE_NAMES order) and the hashed part as (absolute index, value) pairs. */
  features(p: PromptInfo, text: string): { dense: number[]; sparse: Array<[number, number]> } {
    const lower = asciiLower(text);
    const toks = tokens(lower);
    const nw = toks.length;
    const nchars = cpLength(text);
    const lines = text.split("\n").map(stripLine);
    const nonempty = lines.filter((l) => l.length > 0);
    const nl = nonempty.length;
    let paragraphs = 0;
    let prevBlank = true;
    for (const l of lines) {
      if (l && prevBlank) paragraphs++;
      prevBlank = !l;
    }
    let bullets = 0, numbered = 0, headers = 0, colonLines = 0, maxLine = 0;
    const lineCounts = new Map<string, number>();
    for (const l of nonempty) {
      if (BULLET_RE.test(l)) bullets++;
      if (NUMBERED_RE.test(l)) numbered++;
      if (l.startsWith("#")) headers++;
      if (l.endsWith(":")) colonLines++;
      maxLine = Math.max(maxLine, cpLength(l));
      lineCounts.set(l, (lineCounts.get(l) ?? 0) + 1);
    }
    let maxLineCount = 0;
    for (const c of lineCounts.values()) if (c > maxLineCount) maxLineCount = c;
    const maxLineRep = nl >= 2 ? maxLineCount / nl : 0;
    const last = lastCodePoint(text.replace(/[ \t\r\n]+$/, ""));
    const endsClean = CLEAN_END.has(last) ? 1 : 0;
    const endsAlnum = last && ASCII_ALNUM.has(last) ? 1 : 0;
    const ansSet = new Set(toks);
    const uniq = nw ? ansSet.size / nw : 0;
    // Trigrams counted by token ids (same distinct trigrams as Python's string keys).
    const ids = new Map<string, number>();
    const seq = toks.map((t) => {
      let id = ids.get(t);
      if (id === undefined) ids.set(t, (id = ids.size));
      return id;
    });
    const tri = new Map<number, number>();
    const base = ids.size + 1; // base^3 stays exact below 2^53 for any realistic answer (< 200k distinct words)
    for (let i = 0; i < nw - 2; i++) {
      const k = (seq[i] * base + seq[i + 1]) * base + seq[i + 2];
      tri.set(k, (tri.get(k) ?? 0) + 1);
    }
    const ntri = Math.max(nw - 2, 0);
    const repTri = ntri ? 1 - tri.size / ntri : 0;
    let maxTri = 0;
    for (const c of tri.values()) if (c > maxTri) maxTri = c;
    let covered = 0;
    for (const t of p.content) if (ansSet.has(t)) covered++;
    const coverage = p.content.size ? covered / p.content.size : 0;
    let ansContent = 0, inPrompt = 0;
    for (const t of ansSet) {
      if (t.length >= 3 && !this.stop.has(t)) {
        ansContent++;
        if (p.tokset.has(t)) inPrompt++;
      }
    }
    const denom = nchars || 1;
    const cs = charStats(text);
    let wordChars = 0;
    for (const t of toks) wordChars += t.length;
    const meanWl = nw ? Math.min(wordChars / nw, 20) : 0;
    const fences = countSub(lower, "```");
    const h = this.spec.hash;
    const ht = toks.slice(0, h.maxTokens);
    let oovCount = 0;
    for (const t of ht) if (!this.vocab.has(t)) oovCount++;
    const oov = ht.length ? oovCount / ht.length : 0;
    const lastOov = endsAlnum && nw && !this.vocab.has(toks[nw - 1]) ? 1 : 0;
    const ph = this.spec.phrases;
    const dense = [
      Math.log1p(nchars),
      Math.log1p(nw),
      Math.log1p(nl),
      Math.log1p(p.nchars),
      Math.log1p(nchars) - Math.log1p(p.nchars),
      nw === 0 ? 1 : 0,
      nw < 5 ? 1 : 0,
      nl ? bullets / nl : 0,
      nl ? numbered / nl : 0,
      Math.log1p(headers),
      Math.log1p(fences),
      Math.log1p(countSub(lower, "**")),
      endsClean,
      endsAlnum,
      uniq,
      repTri,
      maxLineRep,
      Math.log1p(maxTri),
      Math.log1p(countPhrases(lower, ph.refusal)),
      Math.log1p(countPhrases(lower, ph.apology)),
      Math.log1p(countPhrases(lower, ph.aiSelf)),
      Math.log1p(countPhrases(lower, ph.injection)),
      coverage,
      ansContent ? inPrompt / ansContent : 0,
      cs.digits / denom,
      cs.upper / denom,
      cs.nonAscii / denom,
      cs.punct / denom,
      meanWl,
      Math.log1p(nw / (cs.terminators + 1)),
      Math.log1p(cs.questions),
      p.codey,
      fences > 0 ? 1 : 0,
      Math.log1p(paragraphs),
      Math.log1p(countSub(lower, "http://") + countSub(lower, "https://")),
      Math.log1p(cs.exclaims),
      Math.log1p(maxLine),
      p.brief,
      Math.log1p(p.nwords),
      cs.braces / denom,
      nl ? colonLines / nl : 0,
      oov,
      lastOov,
      nchars <= 40 && nw >= 2 && !endsClean ? 1 : 0,
    ];
    const sparse = bagFromBuckets(wordBuckets(ht, h.answer), this.nDense);
    sparse.push(...hashedBag(ht.slice(0, h.startTokens).map((t, i) => "s" + i + t), h.start, this.nDense + h.answer));
    sparse.push(...p.hashed);
    return { dense, sparse };
  }

  /** Writes one answer's full feature vector into `out` at `offset` (out must be zeroed there). */
  write(p: PromptInfo, text: string, out: Float32Array, offset: number): void {
    const { dense, sparse } = this.features(p, text);
    for (let i = 0; i < dense.length; i++) out[offset + i] = dense[i];
    for (const [i, v] of sparse) out[offset + i] += v;
  }
}
