// A BatchRunner on an Open Inference Protocol server: before the first batch, the server's
// readiness and the model's metadata (names, datatypes, shapes) are checked against what
// the engine sends and reads; then each padded batch is one POST …/infer.
import type { EngineContext } from "../engine-options";
import type { BatchRunner } from "../models/batch-runner";
import type { PaddedBatch } from "../rank/batching";
import { OipClient } from "./oip-client";
import { RemoteInferenceError } from "./oip-errors";
import { checkModelMetadata, inferRequestBody, parseModelMetadata, readLogits, type RemoteModelNeeds } from "./oip-tensors";
import type { RemoteInferenceOptions } from "./remote-options";

export interface OpenedRemoteModel {
  runner: BatchRunner;
  /** `<local id>:remote:<base URL>/<model>[@versions]`: what the pair cache keys on. */
  modelId: string;
  client: OipClient;
}

function parseJson(text: string, what: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RemoteInferenceError(`${where}: the ${what} is not valid JSON: ${text.replace(/\s+/g, " ").slice(0, 120)}`, "bad-response");
  }
}

/**
 * Connects to the server and checks the model. `engine` names the engine in errors;
 * `localId` is the local model folder's id (its tokenizer is what the server's model must match).
 */
export async function openRemoteModel(
  remote: RemoteInferenceOptions,
  needs: RemoteModelNeeds,
  engine: string,
  localId: string,
  ctx: Pick<EngineContext, "signal" | "log"> = {},
): Promise<OpenedRemoteModel> {
  const client = new OipClient(remote, ctx.log);
  const where = `${client.where}, model "${remote.model}"`;
  await client.ready(ctx.signal);
  let meta;
  try {
    meta = parseModelMetadata(parseJson(await client.metadata(ctx.signal), "model metadata", where));
  } catch (e) {
    if (e instanceof RemoteInferenceError || !(e instanceof Error)) throw e;
    throw new RemoteInferenceError(`${where}: ${e.message}`, "bad-response");
  }
  let send: string[];
  try {
    ({ send } = checkModelMetadata(meta, needs));
  } catch (e) {
    throw new RemoteInferenceError(`${where} does not match what the ${engine} engine needs: ${e instanceof Error ? e.message : String(e)}`, "mismatch");
  }
  ctx.log?.(`remote ${client.base}: model "${remote.model}" (${meta.platform || "platform not given"}${meta.versions.length ? `, versions ${meta.versions.join(", ")}` : ""}) ready; sending ${send.join(", ")}; ${client.concurrency} requests in flight at most`);
  const runner: BatchRunner = {
    concurrency: client.concurrency,
    async run(batch: PaddedBatch, signal?: AbortSignal) {
      const text = await client.infer(inferRequestBody(batch, send, needs.output), signal);
      try {
        return readLogits(parseJson(text, "inference response", where), needs.output, batch.dims[0]);
      } catch (e) {
        if (e instanceof RemoteInferenceError) throw e;
        throw new RemoteInferenceError(`${where}: ${e instanceof Error ? e.message : String(e)}`, "bad-response");
      }
    },
    release: async () => undefined,
  };
  const versions = meta.versions.length ? `@${meta.versions.join(",")}` : "";
  return { runner, modelId: `${localId}:remote:${client.base}/${remote.model}${versions}`, client };
}
