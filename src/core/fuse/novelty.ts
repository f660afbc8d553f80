// What a sentence or list item of another answer would add to the top answer. The extractive
// fuser adds a unit only when it brings content the top answer (and the prompt) lacks — a step,
// a number, a name, a caveat or code — and is neither a generic sentence ("Binary search is a
// classic algorithm.", "I hope this helps!", a question, a disclaimer) nor a restatement of
// what is there (too few new words), nor a sentence whose "it"/"this" points at its own answer.
import { contentWords } from "./text-support";

export type ContentKind = "step" | "number" | "name" | "caveat" | "code";

/** At least this many new content words (stems, vague words not counted). */
export const MIN_NEW_WORDS = 2;
/** At least this share of the unit's content words must be new: otherwise it restates. */
export const MIN_NEW_SHARE = 0.4;

/**
 * Words that carry no fact of their own: praise, hedges and generic nouns. New words among
 * these never make a unit worth adding ("a classic, widely used algorithm").
 */
const VAGUE = new Set(
  ("algorithm algorithms approach approaches basic classic classical common commonly concept easy easily effective " +
    "efficient efficiently essential example examples excellent fundamental general generally good great helpful " +
    "important interesting key known main method methods nice often overall perfect popular powerful really " +
    "simple simply something technique techniques thing things typically useful usually various way ways well " +
    "widely work works working used use using help helps many much lot lots always sure certainly indeed actually " +
    "basically essentially especially particular particularly again also still even then now first next").split(" "),
);

/** Openers of sentences that talk about the answer or to the reader rather than give content. */
const BOILERPLATE =
  /^\W*(?:sure|certainly|of course|absolutely|great question|good question|i hope|hope this|let me know|feel free|happy to help|good luck|in conclusion|in summary|to summari[sz]e|overall|i'm sorry|i am sorry|as an ai|here is|here's|here are|please|thank|thanks|until next time|stay tuned|enjoy|cheers|remember to|don't forget)\b/i;
/** Disclaimers and sign-offs that fit any answer, wherever they stand in the sentence. */
const DISCLAIMER =
  /\b(?:may vary|vary depending on|consult (?:a|an|your) [\w ]{0,20}(?:professional|doctor|expert|advisor)|seek professional|seek (?:the )?(?:help|advice) of (?:a|an) (?:professional|expert)|don't miss|do not miss|it is (?:always )?important to|it's (?:always )?important to|do not hesitate|don't hesitate|if you have any (?:other |further |more )?questions|reach out to (?:us|me)|hope (?:this|that|it) helps|feel free to)\b/i;
/** A sentence opening with a pronoun, "this" or a connective leans on its own answer's previous sentence. */
/** "Make sure it is…": a pronoun among the first words points at something its own answer named before. */
const EARLY_PRONOUN = /^\W*(?:\S+\s+){1,3}(?:it|they|them|this|these|those)\b/i;
const LEANS_BACK =
  /^\W*(?:it|its|it's|this|that|these|those|they|them|their|he|she|his|her|such|both|the latter|the former|then|next|finally|also|additionally|furthermore|moreover|however|thus|therefore|hence|so|similarly|likewise|in addition|as a result|otherwise|instead)\b/i;

const CAVEAT =
  /\b(?:not|never|only|unless|however|but|careful|caution|warning|beware|avoid|must|except|instead|cannot|risk|make sure|be aware|note that)\b|n't\b/gi;

/** A crude stem, so that "halves", "halved" and "halving" count as one word. */
export function stem(word: string): string {
  if (/^\d/.test(word)) return word;
  let w = word;
  for (const suffix of ["ing", "ed", "es", "s"]) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w.length > 3 && w.endsWith("e") ? w.slice(0, -1) : w;
}

export function stems(words: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const w of words) out.add(stem(w));
  return out;
}

/** What is already said: the prompt, the top answer and whatever was added to it so far. */
export class KnownContent {
  private readonly known = new Set<string>();
  private text = "";

  constructor(...texts: string[]) {
    for (const t of texts) this.add(t);
  }

  add(text: string): void {
    for (const s of stems(contentWords(text))) this.known.add(s);
    this.text += "\n" + text.toLowerCase();
  }

  has(stemmed: string): boolean {
    return this.known.has(stemmed);
  }

  hasText(fragment: string): boolean {
    return this.text.includes(fragment.toLowerCase());
  }
}

export interface Novelty {
  /** New content words (stems), vague words left out. */
  newWords: string[];
  /** Share of the unit's content words that are new. */
  share: number;
  kinds: ContentKind[];
}

/** Capitalised words that do not start a sentence: names of people, places, tools, standards. */
function names(text: string): string[] {
  const out: string[] = [];
  const plain = text.replace(/[*_`]/g, "");
  for (const m of plain.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)) {
    const before = plain.slice(0, m.index).trimEnd();
    const startsSentence = before === "" || /[.!?:]["')\]]?$/.test(before) || /^\s*(?:[-*+]|\d+[.)])$/.test(before);
    // "I", "I'm": the writer, not a name.
    if (!startsSentence && /^\p{Lu}/u.test(m[0]) && !/^I(?:['’]\w+)?$/.test(m[0])) out.push(m[0]);
  }
  return out;
}

/** The caveat words of a text ("not", "never", "avoid", …), lower-cased. */
function caveats(text: string): string[] {
  return [...text.matchAll(CAVEAT)].map((m) => m[0].toLowerCase());
}

/**
 * What `text` adds to what is known. `prompt`: a caveat word the prompt itself uses ("What if
 * X had never collapsed?") is no caveat of the answer.
 */
export function novelty(text: string, unitKind: "sentence" | "item", known: KnownContent, prompt = ""): Novelty {
  const words = contentWords(text);
  const all = stems(words);
  const newWords = [...all].filter((s) => !known.has(s) && !VAGUE.has(s) && !VAGUE.has(s + "s"));
  const kinds: ContentKind[] = [];
  if (unitKind === "item") kinds.push("step");
  if ([...words].some((w) => /^\d/.test(w) && !known.has(w))) kinds.push("number");
  if (names(text).some((n) => !known.has(stem(n.toLowerCase().replace(/['’].*$/, ""))))) kinds.push("name");
  const promptCaveats = new Set(caveats(prompt));
  if (caveats(text).some((c) => !promptCaveats.has(c))) kinds.push("caveat");
  if ([...text.matchAll(/`([^`\n]+)`/g)].some((m) => !known.hasText(m[1].trim()))) kinds.push("code");
  return { newWords, share: all.size === 0 ? 0 : newWords.length / all.size, kinds };
}

/** Whether a unit is generic: boilerplate, a disclaimer, a question, or leaning on the sentence before it. */
export function isGeneric(text: string): boolean {
  const t = text.replace(/[_`]/g, "").trim();
  if (BOILERPLATE.test(t) || DISCLAIMER.test(text)) return true;
  if (/\?["')\]]?$/.test(t)) return true;
  // Markup cut in half ("Rodriguez:** Don't …"): a piece of something larger.
  if ((t.match(/\*\*/g) ?? []).length % 2 === 1 || (text.match(/`/g) ?? []).length % 2 === 1) return true;
  // An item opening with "It" or "She" leans back as much as a sentence does ("Subject: It ..." does not).
  return LEANS_BACK.test(t) || EARLY_PRONOUN.test(t);
}

/** Whether a unit brings enough that the top answer lacks to be added to it. */
export function worthAdding(text: string, n: Novelty): boolean {
  if (isGeneric(text)) return false;
  if (n.newWords.length < MIN_NEW_WORDS || n.share < MIN_NEW_SHARE) return false;
  return n.kinds.length > 0;
}
