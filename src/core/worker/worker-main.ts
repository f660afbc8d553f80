// Entry of the inference worker thread: builds engines by name and runs them off the host's event loop.
import { parentPort } from "node:worker_threads";
import { asPairwise, type PairwiseRanker } from "../types";
import type { Fuser } from "../fuse/fuser";
import { fuserEntry, rankerEntry } from "../registry";
import type { FromWorker, ToWorker } from "./messages";

if (!parentPort) throw new Error("worker-main must run in a worker thread");
const port = parentPort;
const engines = new Map<number, PairwiseRanker | Fuser>();
const running = new Map<number, AbortController>();
let nextHandle = 1;

const post = (m: FromWorker) => port.postMessage(m);

async function handle(msg: Exclude<ToWorker, { kind: "abort" }>, ac: AbortController): Promise<void> {
  const ctx = { signal: ac.signal, onProgress: (event: import("../types").ProgressEvent) => post({ kind: "progress", id: msg.id, event }) };
  switch (msg.kind) {
    case "create-ranker": {
      const r = asPairwise(await rankerEntry(msg.name).create(msg.options, ctx));
      const h = nextHandle++;
      engines.set(h, r);
      post({ kind: "created", id: msg.id, handle: h, engine: r.name, modelId: r.modelId, label: r.name, ...(r.issues?.length ? { issues: [...r.issues] } : {}) });
      return;
    }
    case "create-fuser": {
      const f = await fuserEntry(msg.name).create(msg.options, ctx);
      const h = nextHandle++;
      engines.set(h, f);
      post({ kind: "created", id: msg.id, handle: h, engine: f.name, modelId: f.name, label: f.label });
      return;
    }
    case "score": {
      const r = engines.get(msg.handle) as PairwiseRanker | undefined;
      if (!r || !("scorePairs" in r)) throw new Error(`no ranker with handle ${msg.handle}`);
      const before = r.issues?.length ?? 0;
      const logits = await r.scorePairs(msg.pairs, ctx);
      // Problems the engine worked around (e.g. inputs cut to the model's limit) travel back.
      const issues = r.issues?.slice(before);
      post({ kind: "result", id: msg.id, logits, ...(issues?.length ? { issues: [...issues] } : {}) });
      return;
    }
    case "fuse": {
      const f = engines.get(msg.handle) as Fuser | undefined;
      if (!f || !("fuse" in f)) throw new Error(`no fuser with handle ${msg.handle}`);
      const out = await f.fuse(msg.request, { ...ctx, onToken: (t) => post({ kind: "token", id: msg.id, text: t }) });
      post({ kind: "result", id: msg.id, ...(typeof out === "string" ? { text: out } : { text: out.text, used: out.used }) });
      return;
    }
    case "dispose": {
      const e = engines.get(msg.handle);
      engines.delete(msg.handle);
      await e?.dispose?.();
      post({ kind: "result", id: msg.id });
      return;
    }
  }
}

port.on("message", (msg: ToWorker) => {
  if (msg.kind === "abort") {
    running.get(msg.id)?.abort();
    return;
  }
  const ac = new AbortController();
  running.set(msg.id, ac);
  handle(msg, ac)
    .catch((e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      post({ kind: "error", id: msg.id, error: { name: err.name, message: err.message } });
    })
    .finally(() => running.delete(msg.id));
});
