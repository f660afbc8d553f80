// Word-level diff (longest common subsequence) of an answer against the top-ranked one.
// Pure functions: no DOM, unit-tested in node.

export interface DiffPart {
  kind: "same" | "add" | "del";
  text: string;
}

/** Words with the whitespace that follows them, so joining the tokens gives the text back. */
export function wordTokens(text: string): string[] {
  const lead = /^\s+/.exec(text)?.[0] ?? "";
  const tokens: string[] = text.slice(lead.length).match(/\S+\s*/g) ?? [];
  if (lead) {
    if (tokens.length > 0) tokens[0] = lead + tokens[0];
    else tokens.push(lead);
  }
  return tokens;
}

const word = (t: string) => t.trim();

/**
 * Parts that turn `base` into `other`: "same" and "add" text comes from `other` (joined they
 * give `other` back), "del" holds the removed words of `base`. Returns null when the middle part (after the common prefix and suffix) would
 * need more than `maxCells` table cells.
 */
export function diffWords(base: string, other: string, maxCells = 4_000_000): DiffPart[] | null {
  const a = wordTokens(base);
  const b = wordTokens(other);
  let pre = 0;
  while (pre < a.length && pre < b.length && word(a[pre]) === word(b[pre])) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && word(a[a.length - 1 - suf]) === word(b[b.length - 1 - suf])) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  if ((n + 1) * (m + 1) > maxCells) return null;

  // lcs[i*(m+1)+j] = LCS length of am[i..] and bm[j..]
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = word(am[i]) === word(bm[j]) ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }

  // Each change region becomes one deletion followed by one insertion; deleted words keep
  // single spaces only, so the layout (line breaks, indentation) follows the shown answer.
  const parts: DiffPart[] = [];
  let del = "";
  let add = "";
  const flush = () => {
    if (del) parts.push({ kind: "del", text: del });
    if (add) parts.push({ kind: "add", text: add });
    del = add = "";
  };
  const push = (kind: DiffPart["kind"], text: string) => {
    if (kind === "del") del += word(text) + " ";
    else if (kind === "add") add += text;
    else {
      flush();
      const last = parts[parts.length - 1];
      if (last && last.kind === "same") last.text += text;
      else parts.push({ kind, text });
    }
  };
  for (const t of b.slice(0, pre)) push("same", t);
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && word(am[i]) === word(bm[j])) {
      push("same", bm[j]);
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
      push("del", am[i++]);
    } else {
      push("add", bm[j++]);
    }
  }
  for (const t of b.slice(b.length - suf)) push("same", t);
  flush();
  return parts;
}

/** Share of `other`'s words that also appear, in order, in `base` (1 = identical wording). */
export function similarity(parts: DiffPart[]): number {
  let same = 0;
  let total = 0;
  for (const p of parts) {
    const words = wordTokens(p.text).length;
    if (p.kind !== "del") total += words;
    if (p.kind === "same") same += words;
  }
  return total === 0 ? 1 : same / total;
}
