// The `extractive` fuser, the offline default. It never writes new text: it starts from the
// top-ranked answer, unchanged, and adds whole sentences or list items from the next K-1
// answers that bring content the top answer lacks and that at least two of the K answers support.
//
// Definitions (all on content words: lower-cased letter/digit runs without stop words):
// * a unit (a sentence or list item of another answer) is worth adding when it brings content
//   the prompt, the top answer and the units added before lack — a step, a number, a name, a
//   caveat, code, or several new words — and is not a generic sentence or a restatement
//   (novelty.ts: at least 2 new words, a third of its words new, vague words not counted);
// * answer A supports unit u when some unit v of A covers at least SUPPORT_COVERAGE of u's
//   words that are not the prompt's (sharing at least 2, one of them new to the top answer),
//   or, for list items, when v is an item with the same head ("Subject - ..." / "**Subject**: "),
//   and in both cases v has the same polarity as u (both negated or neither: "is not prime"
//   never supports "is prime") and contains every number u states;
// * the top answer has u when one of its units overlaps u by HAVE_OVERLAP of the smaller
//   word set, or has an item with the same head.
// A unit is added when the top answer lacks it, it is worth adding, and at least one other of
// the K answers supports it (so at least two answers carry it). Code blocks, tables and headings
// are never split or moved; added list items join the top answer's most similar list in its
// marker style; sentences join the most similar paragraph (not one that introduces a list with ":").
// The result names the answers whose text it holds: the top one and those units came from.
import type { Fuser, FuseOutput, FuseRequest } from "../fuser";
import { parseBlocks, splitLines, splitSentences, type Block, type ListItem } from "../markdown-blocks";
import { KnownContent, novelty, stem, worthAdding } from "../novelty";
import { contentWords, coverage, isNegated, itemHead, numbersIn, overlap, sameSubject, textSubjects } from "../text-support";

export const SUPPORT_COVERAGE = 0.5;
export const HAVE_OVERLAP = 0.5;
/** Units with fewer content words are too small to judge and are never added. */
export const MIN_UNIT_WORDS = 3;
/** At most this many units are added, so the merge stays close to the top answer. */
export const MAX_ADDED_UNITS = 8;
/** Only whole sentences (ending in . ! or ?, maybe then a quote or bracket) are added or appended to. */
const SENTENCE_END = /[.!?]["')\]]?$/;

interface Unit {
  kind: "sentence" | "item";
  text: string;
  words: Set<string>;
  negated: boolean;
  numbers: string[];
  /** For items: the normalised subject, if the item has one. */
  head: string | null;
  /** For items: the item and its list, for the marker style and continuation lines. */
  item?: ListItem;
}

interface Parsed {
  lines: string[];
  blocks: Block[];
  units: Unit[];
  /** The text of its fenced code blocks. */
  code: string;
}

function itemText(item: ListItem): string {
  return [item.first, ...item.rest].join("\n");
}

function unit(kind: Unit["kind"], text: string, item?: ListItem): Unit {
  const words = contentWords(text);
  return { kind, text, words, negated: isNegated(text), numbers: numbersIn(words), head: item ? itemHead(text) : null, item };
}

const minus = (a: Set<string>, b: Set<string>) => new Set([...a].filter((w) => !b.has(w)));

/**
 * v backs u up: same polarity, u's numbers all in v, and the same subject or enough of u's
 * words beyond the prompt's, one of them a word that is new to the top answer.
 */
function supports(v: Unit, u: Unit, prompt: Set<string>, newWords: Set<string>): boolean {
  if (v.negated !== u.negated || !u.numbers.every((n) => v.words.has(n))) return false;
  if (sameHead(u, v)) return true;
  if (coverage(minus(u.words, prompt), v.words) < SUPPORT_COVERAGE) return false;
  return [...v.words].some((w) => newWords.has(stem(w)));
}

function parse(text: string): Parsed {
  const lines = splitLines(text);
  const blocks = parseBlocks(lines);
  const units: Unit[] = [];
  for (const b of blocks) {
    if (b.kind === "paragraph") {
      for (const s of splitSentences(lines.slice(b.start, b.end).join("\n"))) units.push(unit("sentence", s));
    } else if (b.kind === "list") {
      for (const item of b.items) units.push(unit("item", itemText(item), item));
    }
  }
  const code = blocks
    .filter((b) => b.kind === "code")
    .map((b) => lines.slice(b.start, b.end).join("\n"))
    .join("\n");
  return { lines, blocks, units, code };
}

/** Inline code of `u` that names something in its own answer's code blocks but nowhere in the top answer ("it defines `my_dict`"). */
function pointsAtOwnCode(u: Unit, own: Parsed, topText: string): boolean {
  return [...u.text.matchAll(/`([^`\n]+)`/g)].some((m) => {
    const span = m[1].trim();
    return span.length >= 2 && own.code.includes(span) && !topText.includes(span);
  });
}

function sameHead(u: Unit, v: Unit): boolean {
  return u.head !== null && u.head === v.head;
}

function itemHasCode(item: ListItem): boolean {
  return item.rest.some((l) => /^\s*(`{3,}|~{3,})/.test(l));
}

/** Lines of `item` rendered with `marker` at `indent`, continuation lines re-indented to match. */
function renderItem(item: ListItem, marker: string, indent: string): string[] {
  const pad = indent + " ".repeat(marker.length + 1);
  return [`${indent}${marker} ${item.first}`, ...item.rest.map((l) => (l.trim() === "" ? "" : pad + l))];
}

export class ExtractiveFuser implements Fuser {
  readonly name = "extractive";
  readonly label = "extractive merge";

  async fuse(req: FuseRequest): Promise<FuseOutput> {
    return extractiveFusion(
      req.ranked.map((c) => c.text),
      [req.instruction, req.input].filter(Boolean).join("\n"),
    );
  }
}

export interface ExtractiveFusion extends FuseOutput {
  used: number[];
  /** The units added, in the order they were taken: which answer each came from, and its text. */
  added: Array<{ from: number; text: string }>;
}

/** The merged text only (see extractiveFusion). */
export function extractiveMerge(answers: string[], prompt = ""): string {
  return extractiveFusion(answers, prompt).text;
}

/**
 * The merge itself, on answer texts in rank order and the prompt they answer. Deterministic.
 * `used`: the answers whose text is in the result (0, and those units were taken from); when
 * nothing was worth adding the text is answer 0 exactly and `used` is [0].
 */
export function extractiveFusion(answers: string[], prompt = ""): ExtractiveFusion {
  if (answers.length === 0) return { text: "", used: [], added: [] };
  const parsed = answers.map(parse);
  const top = parsed[0];
  const have: Unit[] = [...top.units];
  const promptWords = contentWords(prompt);
  const known = new KnownContent(prompt, answers[0]);
  const lists = top.blocks.filter((b): b is Extract<Block, { kind: "list" }> => b.kind === "list");
  const used = new Set<number>([0]);
  // "List five causes", "50 short stories": the prompt fixed how many; the top answer's count is not changed.
  const counted = asksForCount(prompt);
  // A procedure's steps and a recipe's ingredients belong together: one taken from another answer's would be out of place.
  const procedure = PROCEDURE.test(prompt) || PROCEDURE_ANSWER.test(answers[0]);
  const addedUnits: ExtractiveFusion["added"] = [];
  const afterLine = new Map<number, string[]>();
  const appendToLine = new Map<number, string[]>();
  const tail: { sentences: string[]; items: string[] } = { sentences: [], items: [] };
  // Subjects the top answer covers anywhere ("**1. Syntax:**", "## Syntax", "- Syntax - ..."), not only in its list items.
  const topSubjects = [...textSubjects(answers[0])];
  const topItemHeads = top.units.flatMap((v) => (v.kind === "item" && v.head ? [v.head.split(" ")] : []));
  const paragraphs = top.blocks.filter((b) => b.kind === "paragraph");
  const nextNumber = new Map<Block, number>();

  for (let j = 1; j < parsed.length && !counted && addedUnits.length < MAX_ADDED_UNITS; j++) {
    for (const u of parsed[j].units) {
      if (addedUnits.length >= MAX_ADDED_UNITS) break;
      // Too small to judge, a code-carrying item, or a lead-in ("...:") whose list is not carried over.
      if (u.words.size < MIN_UNIT_WORDS || (u.item && itemHasCode(u.item)) || u.text.trimEnd().endsWith(":")) continue;
      // Sentences are added verbatim on one line: skip verse-like ones that span lines.
      if (u.kind === "sentence" && (!SENTENCE_END.test(u.text) || u.text.includes("\n"))) continue;
      if (have.some((v) => sameHead(u, v) || overlap(u.words, v.words) >= HAVE_OVERLAP)) continue;
      // The same subject as one the top answer covers, or an item about one of its items ("Have a picnic…" next to "Picnic: …").
      const subject = u.head ?? itemHead(u.text);
      if (subject !== null && topSubjects.some((s) => sameSubject(s, subject))) continue;
      if (u.kind === "item" && u.head === null && topItemHeads.some((h) => h.every((w) => u.words.has(w)))) continue;
      if (pointsAtOwnCode(u, parsed[j], answers[0])) continue;
      const news = novelty(u.text, u.kind, known, prompt);
      if (!worthAdding(u.text, news)) continue;
      // In a procedure only warnings travel (sentences): a step from another answer's procedure would be out of sequence.
      if (procedure && (u.kind === "item" || !news.kinds.includes("caveat"))) continue;
      const newWords = new Set(news.newWords);
      const supported = parsed.some((p, a) => a !== j && p.units.some((v) => supports(v, u, promptWords, newWords)));
      if (!supported) continue;
      have.push(u);
      known.add(u.text);
      used.add(j);
      addedUnits.push({ from: j, text: u.text });
      if (u.kind === "item" && u.item) placeItem(u, lists, afterLine, nextNumber, tail);
      else placeSentence(u, top, paragraphs, appendToLine, tail);
    }
  }
  if (addedUnits.length === 0) return { text: answers[0], used: [0], added: [] };
  return { text: render(top.lines, appendToLine, afterLine, tail), used: [...used].sort((a, b) => a - b), added: addedUnits };
}

const NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"];

/** Prompts that ask for a procedure, whose numbered lists are sequences. */
const PROCEDURE = /\b(?:instructions?|steps?|step-by-step|recipes?|procedure|guide|walk me through|how (?:do|to|should|would) )/i;

/** Answers that are a procedure themselves (a recipe, numbered steps). */
const PROCEDURE_ANSWER = /\b(?:ingredients|recipe|step-by-step|instructions|steps)\b|^\W*step \d/im;

/** Whether the prompt asks for a number of things ("five causes", "3 tips", "top 100"): 2 to 100, not a year. */
function asksForCount(prompt: string): boolean {
  for (const m of prompt.toLowerCase().matchAll(/\b(\d{1,3}|[a-z]+)\b(?![.,:]\d)/g)) {
    const n = /^\d+$/.test(m[1]) ? Number(m[1]) : NUMBER_WORDS.indexOf(m[1]) + 2;
    if (n >= 2 && n <= 100) return true;
  }
  return false;
}

/** The list of the top answer an item would join (the one with the most similar item; else the last); undefined when it has none. */
function nearestList(u: Unit, lists: Extract<Block, { kind: "list" }>[]): Extract<Block, { kind: "list" }> | undefined {
  if (lists.length === 0) return undefined;
  let target = lists[lists.length - 1];
  let best = 0;
  for (const l of lists) {
    const score = Math.max(0, ...l.items.map((it) => overlap(u.words, contentWords(itemText(it)))));
    if (score > best) [best, target] = [score, l];
  }
  return target;
}

function placeItem(
  u: Unit,
  lists: Extract<Block, { kind: "list" }>[],
  afterLine: Map<number, string[]>,
  nextNumber: Map<Block, number>,
  tail: { items: string[] },
): void {
  const item = u.item!;
  const target = nearestList(u, lists);
  if (!target) {
    tail.items.push(...renderItem(item, "-", ""));
    return;
  }
  const last = target.items[target.items.length - 1];
  let marker = last.marker;
  if (last.ordered) {
    const n = nextNumber.get(target) ?? Number(last.marker) + 1;
    nextNumber.set(target, n + 1);
    marker = `${n}${last.delimiter}`;
  }
  const at = target.end - 1;
  afterLine.set(at, [...(afterLine.get(at) ?? []), ...renderItem(item, marker, target.indent)]);
}

function placeSentence(u: Unit, top: Parsed, paragraphs: Block[], appendToLine: Map<number, string[]>, tail: { sentences: string[] }): void {
  let target: Block | null = null;
  let best = 0;
  for (const p of paragraphs) {
    // Only a paragraph that ends a sentence takes more sentences (not a lead-in, a poem line, a table row).
    if (!SENTENCE_END.test(top.lines[p.end - 1].trimEnd())) continue;
    const score = overlap(u.words, contentWords(top.lines.slice(p.start, p.end).join(" ")));
    if (score > best) [best, target] = [score, p];
  }
  if (!target) {
    tail.sentences.push(u.text);
    return;
  }
  const at = target.end - 1;
  appendToLine.set(at, [...(appendToLine.get(at) ?? []), u.text]);
}

function render(lines: string[], appendToLine: Map<number, string[]>, afterLine: Map<number, string[]>, tail: { sentences: string[]; items: string[] }): string {
  const out: string[] = [];
  lines.forEach((line, i) => {
    const extra = appendToLine.get(i);
    out.push(extra ? [line.trimEnd(), ...extra].join(" ") : line);
    out.push(...(afterLine.get(i) ?? []));
  });
  while (out.length && out[out.length - 1].trim() === "") out.pop();
  if (tail.sentences.length) out.push("", tail.sentences.join(" "));
  if (tail.items.length) out.push("", ...tail.items);
  return out.join("\n");
}

export async function createExtractiveFuser(): Promise<ExtractiveFuser> {
  return new ExtractiveFuser();
}
