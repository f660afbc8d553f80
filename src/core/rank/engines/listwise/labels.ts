/** A, B, … Z, then AA, AB, … (spreadsheet columns), for the i-th answer shown. */
export function answerLabel(i: number): string {
  let s = "";
  let n = i + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
