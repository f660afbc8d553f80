// Untrusted text (ids, prompts, model names, answers, server messages) made safe to show in a
// terminal or a Markdown table, and measured in terminal columns.

/**
 * C0 controls, DEL and C1 controls (ESC sequences clear screens and retitle terminals), the
 * line and paragraph separators, and the bidirectional overrides and isolates that reorder
 * what follows them ("Trojan source").
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c\u200e\u200f]/g;
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c\u200e\u200f]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Every control character as a visible escape (`\x1b`, `\n`, `\u202e`): for one-line fields such as ids and names. */
export function escapeControls(s: string): string {
  return s.replace(CONTROLS, escapeOne);
}

/**
 * Multi-line text (an answer) for a terminal: line breaks and tabs kept (`\r\n` as `\n`), every
 * other control character escaped.
 */
export function escapeControlsKeepLines(s: string): string {
  return s.replace(/\r\n/g, "\n").replace(CONTROLS_BUT_LINES, escapeOne);
}

// East Asian Wide and Fullwidth ranges and emoji shown in emoji presentation: two columns.
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0], [0x23f3, 0x23f3],
  [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f], [0x2693, 0x2693], [0x26a1, 0x26a1],
  [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5], [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea],
  [0x26f2, 0x26f3], [0x26f5, 0x26f5], [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b],
  [0x2728, 0x2728], [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55], [0x2e80, 0x303e],
  [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3],
  [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fe4],
  [0x17000, 0x18aff], [0x1b000, 0x1b2ff], [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a], [0x1f200, 0x1f251], [0x1f300, 0x1f64f], [0x1f680, 0x1f6ff], [0x1f7e0, 0x1f7eb],
  [0x1f90c, 0x1f9ff], [0x1fa70, 0x1faff], [0x20000, 0x3fffd],
];

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Combining marks, format characters (zero-width joiner and spaces, variation selectors) and Hangul medial vowels / finals take no column. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff]$/u;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Columns one user-perceived character takes: 2 for wide (CJK, emoji, a ZWJ emoji sequence), 0 for a lone mark. */
function graphemeWidth(g: string): number {
  let width = 0;
  for (const ch of g) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0xfe0f) return 2; // emoji presentation selector
    if (isWide(cp)) return 2;
    if (width === 0 && !ZERO_WIDTH.test(ch)) width = 1;
  }
  return width;
}

/** Terminal columns `s` takes (control characters should be escaped first). */
export function displayWidth(s: string): number {
  // Fast path: printable ASCII is one column a character.
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  let w = 0;
  for (const { segment } of segmenter.segment(s)) w += graphemeWidth(segment);
  return w;
}

/** `s` cut to at most `width` columns, ending in "…" when cut (never inside a character). */
export function truncateToWidth(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = "";
  let w = 0;
  for (const { segment } of segmenter.segment(s)) {
    const gw = graphemeWidth(segment);
    if (w + gw > width - 1) break;
    out += segment;
    w += gw;
  }
  return out + "…";
}

/** `s` cut or padded with spaces to exactly `width` columns (right-aligned when `right`). */
export function fitWidth(s: string, width: number, right = false): string {
  const t = truncateToWidth(s, width);
  const fill = " ".repeat(Math.max(0, width - displayWidth(t)));
  return right ? fill + t : t + fill;
}

/** `s` padded with spaces to at least `width` columns; never cut. */
export function padToWidth(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - displayWidth(s)));
}
