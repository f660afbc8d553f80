import { Worker } from "node:worker_threads";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { EngineContext, EngineOptions } from "../engine-options";
import type { FuseOutput, FuseRequest, FuseRunOptions, Fuser } from "../fuse/fuser";
import type { BlendIssue, PairInput, PairwiseRanker, RunOptions } from "../types";
import { abortError, InputError, ModelError } from "../errors";
import type { FromWorker, ToWorker, WireError } from "./messages";

/** Finds dist/worker.js: beside the bundle in production, under the package root when run from sources. */
export function resolveWorkerScript(): string {
  const env = process.env.ANSWER_BLENDER_WORKER;
  if (env) return env;
  const beside = join(__dirname, "worker.js");
  if (existsSync(beside)) return beside;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "dist", "worker.js");
    if (existsSync(join(dir, "package.json")) && existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error("dist/worker.js not found: run `npm run build` first");
}

interface Pending {
  resolve: (m: FromWorker) => void;
  reject: (e: Error) => void;
  onProgress?: EngineContext["onProgress"];
  onToken?: (t: string) => void;
}

function rebuildError(e: WireError): Error {
  if (e.name === "AbortError") return abortError();
  const err = e.name === "InputError" ? new InputError(e.message) : e.name === "ModelError" ? new ModelError(e.message) : new Error(e.message);
  // Keep the worker-side name (e.g. an engine's own error class) for the caller's checks.
  err.name = e.name;
  return err;
}

/**
 * One worker thread that hosts heavy engines (ONNX rankers, seq2seq fusers), so model
 * inference never blocks the caller's event loop. Started on first use.
 */
export class InferenceWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(resolveWorkerScript());
    w.on("message", (m: FromWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.kind === "progress") p.onProgress?.(m.event);
      else if (m.kind === "token") p.onToken?.(m.text);
      else {
        this.pending.delete(m.id);
        if (m.kind === "error") p.reject(rebuildError(m.error));
        else p.resolve(m);
      }
    });
    w.on("error", (e) => this.failAll(e));
    w.on("exit", (code) => {
      this.worker = null;
      if (this.pending.size) this.failAll(new Error(`inference worker exited with code ${code}`));
    });
    w.unref();
    this.worker = w;
    return w;
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private request(build: (id: number) => ToWorker, opts: { signal?: AbortSignal; onProgress?: EngineContext["onProgress"]; onToken?: (t: string) => void }): Promise<FromWorker> {
    if (opts.signal?.aborted) return Promise.reject(abortError());
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      const onAbort = () => {
        w.postMessage({ kind: "abort", id } satisfies ToWorker);
        this.pending.delete(id);
        reject(abortError());
      };
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      const done = <T>(f: (v: T) => void) => (v: T) => {
        opts.signal?.removeEventListener("abort", onAbort);
        f(v);
      };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject), onProgress: opts.onProgress, onToken: opts.onToken });
      w.ref();
      w.postMessage(build(id));
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
  }

  async createRanker(name: string, options: EngineOptions, ctx: EngineContext = {}): Promise<PairwiseRanker> {
    const m = await this.request((id) => ({ kind: "create-ranker", id, name, options }), ctx);
    if (m.kind !== "created") throw new Error("unexpected worker reply");
    return new RemoteRanker(this, m.handle, m.engine, m.modelId, m.issues ?? []);
  }

  async createFuser(name: string, options: EngineOptions, ctx: EngineContext = {}): Promise<Fuser> {
    const m = await this.request((id) => ({ kind: "create-fuser", id, name, options }), ctx);
    if (m.kind !== "created") throw new Error("unexpected worker reply");
    return new RemoteFuser(this, m.handle, m.engine, m.label);
  }

  /** @internal */
  async score(handle: number, pairs: PairInput[], opts: RunOptions): Promise<{ logits: number[]; issues: BlendIssue[] }> {
    const m = await this.request((id) => ({ kind: "score", id, handle, pairs }), opts);
    return m.kind === "result" ? { logits: m.logits ?? [], issues: m.issues ?? [] } : { logits: [], issues: [] };
  }

  /** @internal */
  async fuse(handle: number, request: FuseRequest, opts: FuseRunOptions): Promise<FuseOutput> {
    const m = await this.request((id) => ({ kind: "fuse", id, handle, request }), opts);
    return m.kind === "result" ? { text: m.text ?? "", ...(m.used ? { used: m.used } : {}) } : { text: "" };
  }

  /** @internal */
  async disposeEngine(handle: number): Promise<void> {
    if (!this.worker) return;
    await this.request((id) => ({ kind: "dispose", id, handle }), {});
  }

  async terminate(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.failAll(abortError());
    if (w) await w.terminate();
  }
}

class RemoteRanker implements PairwiseRanker {
  /** The worker-side engine's issues: what it met while loading, then what its calls report. */
  readonly issues: BlendIssue[];
  constructor(
    private readonly host: InferenceWorker,
    private readonly handle: number,
    readonly name: string,
    readonly modelId: string,
    loadIssues: readonly BlendIssue[] = [],
  ) {
    this.issues = [...loadIssues];
  }
  async scorePairs(pairs: PairInput[], opts: RunOptions = {}): Promise<number[]> {
    const { logits, issues } = await this.host.score(this.handle, pairs, opts);
    this.issues.push(...issues);
    return logits;
  }
  dispose(): Promise<void> {
    return this.host.disposeEngine(this.handle);
  }
}

class RemoteFuser implements Fuser {
  constructor(
    private readonly host: InferenceWorker,
    private readonly handle: number,
    readonly name: string,
    readonly label: string,
  ) {}
  fuse(req: FuseRequest, opts: FuseRunOptions = {}): Promise<FuseOutput> {
    return this.host.fuse(this.handle, req, opts);
  }
  dispose(): Promise<void> {
    return this.host.disposeEngine(this.handle);
  }
}
