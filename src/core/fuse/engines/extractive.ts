// The `extractive` fuser, the offline default. It never writes new text: it starts from the
// top-ranked answer, unchanged, and adds whole sentences or list items from the next K-1
// answers that the top answer lacks and that at least two of the K answers support.
//
// Definitions (all on content words: lower-cased letter/digit runs without stop words):
// * answer A supports unit u (a sentence or list item of another answer) when some unit v of A
//   covers at least SUPPORT_COVERAGE of u's words (and shares at least 2), or, for list
//   items, when v is an item with the same head ("Subject - ..." / "**Subject**: "), and in
//   both cases v has the same polarity as u (both negated or neither: "is not prime" never
//   supports "is prime") and contains every number u states;
// * the top answer has u when one of its units overlaps u by HAVE_OVERLAP of the smaller
//   word set, or has an item with the same head.
// A unit is added when the top answer lacks it and at least one other of the K answers
// supports it (so at least two answers carry it). Code blocks, tables and headings are never
// split or moved; added list items join the top answer's most similar list in its marker style;
// sentences join the most similar paragraph (not one that introduces a list with ":").
import type { Fuser, FuseRequest } from "../fuser";
import { parseBlocks, splitLines, splitSentences, type Block, type ListItem } from "../markdown-blocks";
import { contentWords, coverage, isNegated, itemHead, numbersIn, overlap } from "../text-support";

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
}

function itemText(item: ListItem): string {
  return [item.first, ...item.rest].join("\n");
}

function unit(kind: Unit["kind"], text: string, item?: ListItem): Unit {
  const words = contentWords(text);
  return { kind, text, words, negated: isNegated(text), numbers: numbersIn(words), head: item ? itemHead(text) : null, item };
}

/** v backs u up: same polarity, u's numbers all in v, and the same subject or enough of u's words. */
function supports(v: Unit, u: Unit): boolean {
  if (v.negated !== u.negated || !u.numbers.every((n) => v.words.has(n))) return false;
  return sameHead(u, v) || coverage(u.words, v.words) >= SUPPORT_COVERAGE;
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
  return { lines, blocks, units };
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

  async fuse(req: FuseRequest): Promise<string> {
    return extractiveMerge(req.ranked.map((c) => c.text));
  }
}

/** The merge itself, on answer texts in rank order. Deterministic. */
export function extractiveMerge(answers: string[]): string {
  if (answers.length === 0) return "";
  const parsed = answers.map(parse);
  const top = parsed[0];
  const have: Unit[] = [...top.units];
  const afterLine = new Map<number, string[]>();
  const appendToLine = new Map<number, string[]>();
  const tail: { sentences: string[]; items: string[] } = { sentences: [], items: [] };
  const lists = top.blocks.filter((b): b is Extract<Block, { kind: "list" }> => b.kind === "list");
  const paragraphs = top.blocks.filter((b) => b.kind === "paragraph");
  const nextNumber = new Map<Block, number>();
  let added = 0;

  for (let j = 1; j < parsed.length && added < MAX_ADDED_UNITS; j++) {
    for (const u of parsed[j].units) {
      if (added >= MAX_ADDED_UNITS) break;
      // Too small to judge, a code-carrying item, or a lead-in ("...:") whose list is not carried over.
      if (u.words.size < MIN_UNIT_WORDS || (u.item && itemHasCode(u.item)) || u.text.trimEnd().endsWith(":")) continue;
      // Sentences are added verbatim on one line: skip verse-like ones that span lines.
      if (u.kind === "sentence" && (!SENTENCE_END.test(u.text) || u.text.includes("\n"))) continue;
      if (have.some((v) => sameHead(u, v) || overlap(u.words, v.words) >= HAVE_OVERLAP)) continue;
      const supported = parsed.some((p, a) => a !== j && p.units.some((v) => supports(v, u)));
      if (!supported) continue;
      have.push(u);
      added++;
      if (u.kind === "item" && u.item) placeItem(u, lists, afterLine, nextNumber, tail);
      else placeSentence(u, top, paragraphs, appendToLine, tail);
    }
  }
  return render(top.lines, appendToLine, afterLine, tail);
}

function placeItem(
  u: Unit,
  lists: Extract<Block, { kind: "list" }>[],
  afterLine: Map<number, string[]>,
  nextNumber: Map<Block, number>,
  tail: { items: string[] },
): void {
  const item = u.item!;
  if (lists.length === 0) {
    tail.items.push(...renderItem(item, "-", ""));
    return;
  }
  let target = lists[lists.length - 1];
  let best = 0;
  for (const l of lists) {
    const score = Math.max(0, ...l.items.map((it) => overlap(u.words, contentWords(itemText(it)))));
    if (score > best) [best, target] = [score, l];
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
