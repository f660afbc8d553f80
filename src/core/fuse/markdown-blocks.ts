// A small line-based Markdown block splitter for the extractive fuser: fenced code blocks,
// lists (top-level items with their continuation lines), headings, paragraphs and "other"
// blocks (tables, quotes, rules). Every block keeps its line range so text can be inserted
// without touching the original lines.

export interface ListItem {
  /** Line range [start, end) in the document. */
  start: number;
  end: number;
  /** "-", "*", "+", or the number for ordered items. */
  marker: string;
  ordered: boolean;
  /** "." or ")" for ordered items. */
  delimiter: string;
  /** First line's text after the marker. */
  first: string;
  /** The continuation lines, with the item's content indentation removed. */
  rest: string[];
}

export type Block =
  | { kind: "code" | "heading" | "other" | "paragraph"; start: number; end: number }
  | { kind: "list"; start: number; end: number; indent: string; items: ListItem[] };

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}#{1,6}(\s|$)/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const ITEM = /^(\s{0,3})([-*+]|\d{1,9}[.)])(\s+)(.*)$/;
const OTHER = /^\s{0,3}(\||>|<)/;

export const isBlank = (line: string): boolean => line.trim() === "";

/** Index just past the fenced block opening at `i` (the closing fence included; the end if unclosed). */
function fenceEnd(lines: string[], i: number): number {
  const open = FENCE.exec(lines[i])![1];
  for (let j = i + 1; j < lines.length; j++) {
    const m = /^\s*(`{3,}|~{3,})\s*$/.exec(lines[j]);
    if (m && m[1][0] === open[0] && m[1].length >= open.length) return j + 1;
  }
  return lines.length;
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || ITEM.test(line) || OTHER.test(line);
}

function parseItem(lines: string[], i: number): { item: ListItem; contentIndent: number } {
  const m = ITEM.exec(lines[i])!;
  const ordered = /\d/.test(m[2]);
  const item: ListItem = {
    start: i,
    end: i + 1,
    marker: ordered ? m[2].slice(0, -1) : m[2],
    ordered,
    delimiter: ordered ? m[2].slice(-1) : "",
    first: m[4],
    rest: [],
  };
  return { item, contentIndent: m[1].length + m[2].length + Math.min(m[3].length, 4) };
}

function parseList(lines: string[], i: number): Block {
  const indent = ITEM.exec(lines[i])![1];
  const items: ListItem[] = [];
  let { item, contentIndent } = parseItem(lines, i);
  items.push(item);
  let j = i + 1;
  while (j < lines.length) {
    const line = lines[j];
    const m = ITEM.exec(line);
    if (m && m[1] === indent) {
      ({ item, contentIndent } = parseItem(lines, j));
      items.push(item);
      j++;
      continue;
    }
    const lineIndent = line.length - line.trimStart().length;
    if (isBlank(line)) {
      // A blank line continues the list only if the next non-blank line is indented or another item.
      let k = j + 1;
      while (k < lines.length && isBlank(lines[k])) k++;
      const next = lines[k];
      const nextItem = next !== undefined ? ITEM.exec(next) : null;
      if (next === undefined || !((nextItem && nextItem[1] === indent) || next.length - next.trimStart().length > indent.length)) break;
    } else if (lineIndent <= indent.length && startsBlock(line)) break;
    else if (lineIndent <= indent.length && isBlank(lines[j - 1])) break;
    const dedent = (l: string) => l.slice(Math.min(l.length - l.trimStart().length, contentIndent));
    if (FENCE.test(dedent(line))) {
      // A fenced block inside an item belongs to it whole, blank lines included.
      const inner = lines.slice(j).map(dedent);
      const n = fenceEnd(inner, 0);
      item.rest.push(...inner.slice(0, n));
      j += n;
      item.end = j;
      continue;
    }
    item.rest.push(dedent(line));
    j++;
    item.end = j;
  }
  // Trailing blank lines are not part of the last item.
  for (const it of items) while (it.rest.length && isBlank(it.rest[it.rest.length - 1])) {
    it.rest.pop();
    it.end--;
  }
  return { kind: "list", start: i, end: items[items.length - 1].end, indent, items };
}

export function splitLines(text: string): string[] {
  return text.replace(/\r\n?/g, "\n").split("\n");
}

export function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    if (FENCE.test(line)) {
      const end = fenceEnd(lines, i);
      blocks.push({ kind: "code", start: i, end });
      i = end;
    } else if (HEADING.test(line)) {
      blocks.push({ kind: "heading", start: i, end: i + 1 });
      i++;
    } else if (RULE.test(line)) {
      blocks.push({ kind: "other", start: i, end: i + 1 });
      i++;
    } else if (ITEM.test(line)) {
      const b = parseList(lines, i);
      blocks.push(b);
      i = b.end;
    } else {
      const kind = OTHER.test(line) ? "other" : "paragraph";
      let j = i + 1;
      while (j < lines.length && !isBlank(lines[j]) && (kind === "other" ? OTHER.test(lines[j]) : !startsBlock(lines[j]))) j++;
      blocks.push({ kind, start: i, end: j });
      i = j;
    }
  }
  return blocks;
}

/** Sentences of a paragraph: split after . ! ? when followed by whitespace and an upper-case letter, digit or quote. */
export function splitSentences(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?]["')\]]?)\s+(?=[\p{Lu}\p{N}"'([])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
