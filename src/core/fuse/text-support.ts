// Word-set overlap used by the extractive fuser to decide whether one piece of text says
// what another says ("support") and whether an answer already has it.

const STOPWORDS = new Set(
  ("a an and are as at be been but by can could do does for from had has have he her his how i if in into is it its " +
    "may might more most of on or our she should so such than that the their them then there these they this those " +
    "to was we were what when where which while who will with would you your also just very not no yes").split(" "),
);

/** Lower-cased content words (letters/digits runs, stop words dropped). */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) if (!STOPWORDS.has(m[0])) out.add(m[0]);
  return out;
}

/** Shared words needed before two pieces can be said to overlap at all. */
export const MIN_SHARED_WORDS = 2;

function shared(a: Set<string>, b: Set<string>): number {
  let n = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const w of small) if (large.has(w)) n++;
  return n < MIN_SHARED_WORDS ? 0 : n;
}

/** Share of `u`'s words that `v` also has (0 when they share fewer than MIN_SHARED_WORDS). */
export function coverage(u: Set<string>, v: Set<string>): number {
  return u.size === 0 ? 0 : shared(u, v) / u.size;
}

/** Overlap relative to the smaller set: 1 when one contains the other. */
export function overlap(a: Set<string>, b: Set<string>): number {
  const n = Math.min(a.size, b.size);
  return n === 0 ? 0 : shared(a, b) / n;
}

/**
 * The subject of a list item written as "Subject - details" or "**Subject**: details"
 * (1 to 6 words before the separator), normalised; null when the item has no such head.
 */
export function itemHead(text: string): string | null {
  // An enumerator inside the bold ("**1. Syntax:**") is not part of the subject.
  const first = text.split("\n")[0].replace(/[*_`]/g, "").replace(/^\s*(?:\d{1,3}|[ivx]{1,4})[.)]\s+/i, "");
  const m = /^(.{1,80}?)\s*(?:\s[-–—]\s|:\s|:$)/.exec(first);
  if (!m) return null;
  return subjectWords(m[1]);
}

function subjectWords(text: string): string | null {
  const words = [...text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((x) => x[0]);
  return words.length >= 1 && words.length <= 6 ? words.join(" ") : null;
}

/** Every subject a text introduces: per line (lineSubject), and every "**Subject:**" inside a line. */
export function textSubjects(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split("\n")) {
    const s = lineSubject(line);
    if (s) out.add(s);
    for (const m of line.matchAll(/\*\*([^*\n]{1,60}?):?\*\*:?/g)) {
      const head = itemHead(m[1].trim() + ":");
      if (head) out.add(head);
    }
  }
  return out;
}

/** Two subjects name the same thing when the words of one are all in the other ("communication skills", "good communication skills"). */
export function sameSubject(a: string, b: string): boolean {
  const [x, y] = [a.split(" "), b.split(" ")];
  const [small, large] = x.length <= y.length ? [x, new Set(y)] : [y, new Set(x)];
  return small.every((w) => large.has(w));
}

/** The subject a line of an answer introduces: a heading's text, or the head of a list item or "**Subject:**" line. */
export function lineSubject(line: string): string | null {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return subjectWords(heading[1].replace(/[*_`]/g, "").replace(/^\s*(?:\d{1,3}|[ivx]{1,4})[.)]\s+/i, ""));
  return itemHead(line.replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+/, ""));
}

const NEGATION = /\b(?:no|not|never|none|nothing|nobody|neither|nor|cannot|without)\b|n't\b/i;

/** Whether a piece of text is negated ("not", "no", "never", "isn't", ...): support needs the same polarity. */
export function isNegated(text: string): boolean {
  return NEGATION.test(text);
}

/** The numbers among a word set ("91", "2008"): a supporting piece must state the same figures. */
export function numbersIn(words: Set<string>): string[] {
  return [...words].filter((w) => /^\d/.test(w));
}
