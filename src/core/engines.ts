import type { EngineContext, EngineOptions } from "./engine-options";
import type { Fuser } from "./fuse/fuser";
import type { Ranker } from "./types";
import { fuserEntry, rankerEntry } from "./registry";
import { InferenceWorker } from "./worker/inference-worker";

/**
 * Builds engines by name: heavy ones inside the inference worker, light ones in place.
 * `inProcess` forces everything in place (tests of an engine itself).
 */
export class EngineFactory {
  private worker: InferenceWorker | null = null;
  constructor(private readonly inProcess = false) {}

  private host(): InferenceWorker {
    return (this.worker ??= new InferenceWorker());
  }

  async ranker(name: string, options: EngineOptions, ctx: EngineContext = {}): Promise<Ranker> {
    const e = rankerEntry(name);
    return e.worker && !this.inProcess ? this.host().createRanker(name, options, ctx) : e.create(options, ctx);
  }

  async fuser(name: string, options: EngineOptions, ctx: EngineContext = {}): Promise<Fuser> {
    const e = fuserEntry(name);
    return e.worker && !this.inProcess ? this.host().createFuser(name, options, ctx) : e.create(options, ctx);
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}
