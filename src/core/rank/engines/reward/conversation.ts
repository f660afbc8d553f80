// The token ids a reward model scores for one (prompt, answer): the model's chat template
// applied to [user: prompt, assistant: answer], tokenized as Hugging Face's reward-model
// recipes do, and cut in a stated way when it is longer than the model's limit.
//
// Tokenization follows the Skywork-Reward-V2 model cards: render the template as text, drop
// a leading BOS token the template wrote (the tokenizer adds its own), then tokenize with the
// tokenizer's special tokens (Llama adds BOS; Qwen adds nothing).
//
// Cutting: the answer is what is judged, so it is kept whole and the prompt is shortened
// from the left (its end, usually the actual question, stays). Only when the answer alone
// does not fit is the prompt dropped and the answer cut at its end. The template's own
// tokens (roles, end-of-turn) are never cut: texts are cut, then rendered again.
import type { ChatMessage, ChatTemplate } from "./chat-template";

export interface TextTokenizer {
  /** Ids of a text, with the tokenizer's special tokens (BOS/EOS as its post-processor adds them). */
  encode(text: string): number[];
  /** Ids of a text without special tokens. */
  encodePlain(text: string): number[];
  decode(ids: readonly number[]): string;
  /** The BOS token text, when the tokenizer has one. */
  bosToken: string | null;
  /** bos_token, eos_token, pad_token, … for templates that use them. */
  specialTokens: Record<string, string>;
}

export interface Cut {
  /** Prompt tokens before and after cutting (kept ones are the prompt's last). */
  promptTokens: number;
  keptPromptTokens: number;
  /** Answer tokens before and after cutting (kept ones are the answer's first). */
  answerTokens: number;
  keptAnswerTokens: number;
  /** Length of the whole input before cutting. */
  totalTokens: number;
}

export interface EncodedConversation {
  ids: number[];
  /** Set when the input was longer than the limit and was cut. */
  cut?: Cut;
}

/** Decoding a cut in the middle of a multi-byte character leaves U+FFFD at the edge. */
const EDGE_REPLACEMENT_START = /^\uFFFD+/;
const EDGE_REPLACEMENT_END = /\uFFFD+$/;

export class ConversationEncoder {
  constructor(
    private readonly tokenizer: TextTokenizer,
    private readonly template: ChatTemplate,
    readonly maxTokens: number,
  ) {}

  /** The text the model reads for (prompt, answer), before tokenization. */
  text(prompt: string, answer: string): string {
    const messages: ChatMessage[] = [
      { role: "user", content: prompt },
      { role: "assistant", content: answer },
    ];
    const rendered = this.template.render(messages, this.tokenizer.specialTokens);
    const bos = this.tokenizer.bosToken;
    return bos && rendered.startsWith(bos) ? rendered.slice(bos.length) : rendered;
  }

  ids(prompt: string, answer: string): number[] {
    return this.tokenizer.encode(this.text(prompt, answer));
  }

  encode(prompt: string, answer: string): EncodedConversation {
    const full = this.ids(prompt, answer);
    if (full.length <= this.maxTokens) return { ids: full };
    const promptIds = this.tokenizer.encodePlain(prompt);
    const answerIds = this.tokenizer.encodePlain(answer);
    const cut = (keptPrompt: number, keptAnswer: number): Cut => ({
      promptTokens: promptIds.length,
      keptPromptTokens: keptPrompt,
      answerTokens: answerIds.length,
      keptAnswerTokens: keptAnswer,
      totalTokens: full.length,
    });
    // Shorten the prompt from the left, the answer whole.
    const kept = this.fit(promptIds.length - (full.length - this.maxTokens), promptIds.length, (k) => this.ids(this.promptTail(promptIds, k), answer));
    if (kept) return { ids: kept.ids, cut: cut(kept.k, answerIds.length) };
    // The answer alone is too long: no prompt, the answer's beginning.
    const empty = this.ids("", answer);
    const keptAnswer = this.fit(answerIds.length - (empty.length - this.maxTokens), answerIds.length, (k) => this.ids("", this.answerHead(answerIds, k)));
    if (keptAnswer) return { ids: keptAnswer.ids, cut: cut(0, keptAnswer.k) };
    // Not even the template fits: the limit is smaller than the chat format itself.
    const bare = this.ids("", "");
    return { ids: bare.slice(0, this.maxTokens), cut: cut(0, 0) };
  }

  /**
   * A k ≤ min(`guess`, `limit`) whose rendering fits, starting from the estimate: a text cut and
   * rendered again can tokenize a few tokens longer or shorter (merges at the cut), so when it
   * is over, k shrinks by the excess and the rendering is tried again.
   */
  private fit(guess: number, limit: number, render: (k: number) => number[]): { k: number; ids: number[] } | null {
    let k = Math.min(guess, limit);
    for (let attempt = 0; attempt < 16 && k > 0; attempt++) {
      const ids = render(k);
      if (ids.length <= this.maxTokens) return { k, ids };
      k -= Math.max(1, ids.length - this.maxTokens);
    }
    return null;
  }

  private promptTail(ids: readonly number[], k: number): string {
    return this.tokenizer.decode(ids.slice(ids.length - k)).replace(EDGE_REPLACEMENT_START, "");
  }

  private answerHead(ids: readonly number[], k: number): string {
    return this.tokenizer.decode(ids.slice(0, k)).replace(EDGE_REPLACEMENT_END, "");
  }
}
