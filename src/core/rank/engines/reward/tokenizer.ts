// The reward model's tokenizer and chat template, from its folder's tokenizer.json and
// tokenizer_config.json (transformers.js, local files only).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ModelError } from "../../../errors";
import { loadHfTokenizer } from "../../../models/hf-tokenizer";
import { ChatTemplate } from "./chat-template";
import type { TextTokenizer } from "./conversation";

export interface RewardTokenizer {
  tokenizer: TextTokenizer;
  template: ChatTemplate;
  /** Right-padding id (pad token, else EOS, else 0); the attention mask hides it anyway. */
  padId: number;
  /** The largest token id the tokenizer can produce. */
  maxId: number;
}

/** The special tokens transformers passes to chat templates (a token may be a {content} object). */
const SPECIAL_TOKEN_KEYS = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"];

function tokenText(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "object" && v !== null && typeof (v as { content?: unknown }).content === "string") return (v as { content: string }).content;
  return null;
}

/** Where Hugging Face keeps a chat template beside tokenizer_config.json (newer transformers save it there). */
export const CHAT_TEMPLATE_FILE = "chat_template.jinja";

export async function loadRewardTokenizer(dir: string): Promise<RewardTokenizer> {
  const tok = await loadHfTokenizer(dir);
  let source: string;
  const file = join(dir, CHAT_TEMPLATE_FILE);
  try {
    // transformers.js reads templates from tokenizer_config.json only; the file wins, as in Python.
    source = existsSync(file) ? readFileSync(file, "utf8") : tok.get_chat_template();
  } catch {
    throw new ModelError(`the tokenizer in ${dir} has no chat template (tokenizer_config.json "chat_template" or ${CHAT_TEMPLATE_FILE}): a reward model needs its chat template to read a conversation`);
  }
  let template: ChatTemplate;
  try {
    template = new ChatTemplate(source);
  } catch (e) {
    throw new ModelError(`cannot parse the chat template in ${dir}/tokenizer_config.json: ${e instanceof Error ? e.message : String(e)}`);
  }
  const config = (tok.config ?? {}) as Record<string, unknown>;
  const specialTokens: Record<string, string> = {};
  for (const key of SPECIAL_TOKEN_KEYS) {
    const t = tokenText(config[key]);
    if (t) specialTokens[key] = t;
  }
  const vocab = tok.get_vocab();
  let maxId = 0;
  for (const id of vocab.values()) if (id > maxId) maxId = id;
  const idOf = (t: string | undefined) => (t === undefined ? undefined : vocab.get(t));
  return {
    tokenizer: {
      encode: (text) => tok.encode(text, { add_special_tokens: true }),
      encodePlain: (text) => (text ? tok.encode(text, { add_special_tokens: false }) : []),
      decode: (ids) => tok.decode([...ids], { skip_special_tokens: false }),
      bosToken: specialTokens.bos_token ?? null,
      specialTokens,
    },
    template,
    padId: idOf(specialTokens.pad_token) ?? idOf(specialTokens.eos_token) ?? 0,
    maxId,
  };
}
