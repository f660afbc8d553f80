// Finds model servers running on this machine (Ollama, LM Studio, llama.cpp server, vLLM) by
// asking for their model lists on their usual ports. Only 127.0.0.1 is asked, and only when the
// caller asks: nothing here reads settings, so a workspace can never point the probes elsewhere.
import { abortError, whenAborted } from "../errors";

export type LocalServerKind = "ollama" | "lmstudio" | "llamacpp" | "vllm";

export interface DiscoveredServer {
  kind: LocalServerKind;
  /** For people: "Ollama", "LM Studio", "llama.cpp server", "vLLM", or "OpenAI-compatible server" when the answer does not say which. */
  name: string;
  /** The OpenAI-compatible API root to put in an endpoint's baseUrl, e.g. http://127.0.0.1:11434/v1. */
  baseUrl: string;
  /** The chat models the server lists, in its order (embedding models left out). May be empty. */
  models: string[];
}

/** One port to ask. Ollama is asked `/api/tags`, the others `/v1/models`. */
export interface Probe {
  /** The server expected there. For `/v1/models` the answer decides when it names its server (`owned_by`). */
  kind: LocalServerKind;
  port: number;
}

export const DEFAULT_PROBES: readonly Probe[] = [
  { kind: "ollama", port: 11434 },
  { kind: "lmstudio", port: 1234 },
  { kind: "llamacpp", port: 8080 },
  { kind: "vllm", port: 8000 },
];

export const DEFAULT_PROBE_TIMEOUT_MS = 600;

export interface DiscoverOptions {
  /** Aborting rejects with an AbortError and ends every probe at once. */
  signal?: AbortSignal;
  /** Per probe: connect, headers and body together (default 600 ms). */
  timeoutMs?: number;
  probes?: readonly Probe[];
}

const LOOPBACK = "127.0.0.1";
export const SERVER_NAMES: Record<LocalServerKind, string> = {
  ollama: "Ollama",
  lmstudio: "LM Studio",
  llamacpp: "llama.cpp server",
  vllm: "vLLM",
};
export const GENERIC_SERVER_NAME = "OpenAI-compatible server";

/** A model list is a few KB; anything far bigger is not one. */
const MAX_BODY_BYTES = 1 << 20;
const MAX_MODELS = 500;
const MAX_MODEL_NAME = 256;

/**
 * `owned_by` values servers use for themselves in `/v1/models` (vLLM's ModelCard default,
 * llama.cpp server's model list, LM Studio's). Anything else (`openai`, `system`, a user name…) says nothing.
 */
const OWNERS: Record<string, LocalServerKind> = { vllm: "vllm", llamacpp: "llamacpp", organization_owner: "lmstudio" };

/** Asks every probe at once; servers that answered with a model list, in probe order. Never rejects for a closed port, a timeout or a bad answer. */
export async function discoverLocalServers(opts: DiscoverOptions = {}): Promise<DiscoveredServer[]> {
  const { signal } = opts;
  if (signal?.aborted) throw abortError();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const found = await Promise.all((opts.probes ?? DEFAULT_PROBES).map((p) => probe(p, timeoutMs, signal)));
  if (signal?.aborted) throw abortError();
  return found.filter((s): s is DiscoveredServer => s !== null);
}

async function probe(p: Probe, timeoutMs: number, outer?: AbortSignal): Promise<DiscoveredServer | null> {
  if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) return null;
  const root = `http://${LOOPBACK}:${p.port}`;
  const ollama = p.kind === "ollama";
  const body = await getJson(`${root}${ollama ? "/api/tags" : "/v1/models"}`, timeoutMs, outer);
  if (body === undefined) return null;
  const baseUrl = `${root}/v1`;
  if (ollama) {
    const models = ollamaModels(body);
    return models ? { kind: "ollama", name: SERVER_NAMES.ollama, baseUrl, models } : null;
  }
  const list = openAiModels(body);
  if (!list) return null;
  const kind = list.owner ?? p.kind;
  return { kind, name: list.owner ? SERVER_NAMES[list.owner] : GENERIC_SERVER_NAME, baseUrl, models: list.models };
}

/** The parsed JSON of a 200 answer, or undefined for anything else (refused, timed out, redirected, too big, not JSON). */
async function getJson(url: string, timeoutMs: number, outer?: AbortSignal): Promise<unknown> {
  const signal = outer ? AbortSignal.any([outer, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  try {
    // A redirect could lead off this machine: not followed.
    const res = await fetch(url, { signal, redirect: "error", headers: { accept: "application/json" } });
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      return undefined;
    }
    const text = await readCapped(res.body, MAX_BODY_BYTES, signal);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** The body as text, undefined past `max` bytes. Each read races the signal: a server that sent headers and then went silent must not outlast the timeout. */
async function readCapped(body: ReadableStream<Uint8Array>, max: number, signal: AbortSignal): Promise<string | undefined> {
  const reader = body.getReader();
  const aborted = whenAborted(signal);
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted.promise]);
      if (done) return text + decoder.decode();
      bytes += value.byteLength;
      if (bytes > max) return undefined;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    aborted.dispose();
    void reader.cancel().catch(() => undefined);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Ollama's `/api/tags`: `{ "models": [{ "name": "llama3.2:latest", "model": …, … }] }`. */
export function ollamaModels(body: unknown): string[] | null {
  if (!isObject(body) || !Array.isArray(body.models)) return null;
  return cleanNames(body.models.map((m) => (isObject(m) ? (m.name ?? m.model) : undefined)));
}

/** OpenAI's `/v1/models`: `{ "object": "list", "data": [{ "id": …, "owned_by": … }] }`; `owner` when an entry's owned_by names a known server. */
export function openAiModels(body: unknown): { models: string[]; owner?: LocalServerKind } | null {
  if (!isObject(body) || !Array.isArray(body.data)) return null;
  const entries = body.data.filter(isObject);
  const owned = entries.map((m) => (typeof m.owned_by === "string" ? OWNERS[m.owned_by] : undefined)).find((k) => k !== undefined);
  const models = cleanNames(entries.map((m) => m.id));
  return owned ? { models, owner: owned } : { models };
}

/** Strings a server sent become quick-pick labels and setting values: printable, bounded, unique, no embedding models. */
function cleanNames(raw: unknown[]): string[] {
  const out = new Set<string>();
  for (const v of raw) {
    if (typeof v !== "string") continue;
    const name = v.trim();
    // eslint-disable-next-line no-control-regex
    if (!name || name.length > MAX_MODEL_NAME || /[\u0000-\u001f\u007f-\u009f]/.test(name)) continue;
    if (/embed/i.test(name)) continue;
    out.add(name);
    if (out.size >= MAX_MODELS) break;
  }
  return [...out];
}
