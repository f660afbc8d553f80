/**
 * Turns a growing list of token ids into text deltas: decodes the whole prefix each time and
 * emits what was not emitted yet. Holds back while the text ends in an incomplete character.
 */
export class TextStream {
  private emitted = "";
  constructor(
    private readonly decode: (ids: number[]) => string,
    private readonly onText: (delta: string) => void,
  ) {}

  /** `ids` must extend the ids passed before. */
  update(ids: readonly number[]): void {
    const text = this.decode([...ids]);
    if (text.endsWith("\uFFFD") || !text.startsWith(this.emitted) || text.length === this.emitted.length) return;
    this.onText(text.slice(this.emitted.length));
    this.emitted = text;
  }

  /** Emits the rest of the final text (when it extends what was streamed). */
  finish(finalText: string): void {
    if (finalText.startsWith(this.emitted) && finalText.length > this.emitted.length) {
      this.onText(finalText.slice(this.emitted.length));
      this.emitted = finalText;
    }
  }
}
