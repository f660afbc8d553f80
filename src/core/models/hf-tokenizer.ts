// Loads a model folder's tokenizer (tokenizer.json + tokenizer_config.json) with
// transformers.js, strictly from local files: resolveModel has already put every file there.
import { ModelError } from "../errors";

export type HfTokenizer = Awaited<ReturnType<typeof import("@huggingface/transformers").AutoTokenizer.from_pretrained>>;

export async function loadHfTokenizer(dir: string): Promise<HfTokenizer> {
  const { AutoTokenizer, env } = await import("@huggingface/transformers");
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  try {
    return await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  } catch (e) {
    throw new ModelError(`cannot load the tokenizer in ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
