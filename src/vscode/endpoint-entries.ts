// The endpoint objects Add Endpoint… writes into the user setting answerBlender.endpoints: ids
// derived from the server and model, never clashing with the ids already there, and the list
// that is written back (existing entries kept as they are). No vscode import.
import type { ChatRole } from "../core/chat/chat-model";
import { InputError } from "../core/errors";

/** What the wizard writes for one endpoint (the settings schema's fields). */
export interface EndpointEntry {
  id: string;
  baseUrl: string;
  model: string;
  apiKeyEnv?: string;
  roles?: ChatRole[];
}

const MAX_ID = 64;

/** A short, readable id part: `Qwen/Qwen2.5-1.5B-Instruct` → `qwen2.5-1.5b-instruct`, `llama3.2:latest` → `llama3.2`, `qwen2.5:7b` → `qwen2.5-7b`. */
export function modelSlug(model: string): string {
  const last = model.split("/").filter(Boolean).at(-1) ?? model;
  return last
    .replace(/:latest$/i, "")
    .replace(/\.gguf$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, MAX_ID);
}

/** `prefix-slug`, or with `-2`, `-3`… when taken. Never contains "#" (it numbers samples). */
export function uniqueEndpointId(prefix: string, model: string, taken: ReadonlySet<string>): string {
  const slug = modelSlug(model);
  const base = (slug && slug !== prefix ? `${prefix}-${slug}` : prefix).replace(/#/g, "-");
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The id prefix for a server typed by hand: `api.openai.com` → `openai`, `openrouter.ai` → `openrouter`, loopback → `local`. */
export function hostPrefix(baseUrl: string): string {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return "endpoint";
  }
  if (host === "localhost" || host === "[::1]" || /^127\./.test(host)) return "local";
  if (/^[\d.]+$/.test(host) || host.startsWith("[")) return "endpoint";
  const labels = host.split(".").filter((l) => l && l !== "api" && l !== "www");
  const name = labels.length > 1 ? labels[labels.length - 2] : labels[0];
  return name?.replace(/[^a-z0-9-]/g, "") || "endpoint";
}

/** Why a typed base URL cannot be an endpoint's baseUrl (the settings check's rules), or undefined when it can. */
export function baseUrlProblem(text: string): "not-url" | "scheme" | "credentials" | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return "not-url";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "scheme";
  if (url.username || url.password) return "credentials";
  return undefined;
}

/** A base URL as compared between endpoints: no trailing slash, URL-normalised host. */
export function normalBaseUrl(baseUrl: string): string {
  try {
    return new URL(baseUrl.trim()).toString().replace(/\/+$/, "");
  } catch {
    return baseUrl.trim().replace(/\/+$/, "");
  }
}

/** The user setting's current list: undefined → empty; anything but an array is refused, so a hand-written value is never overwritten. */
export function existingEntries(raw: unknown, where: string): unknown[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new InputError(`${where}: is not a list of endpoints: fix it in settings.json before adding endpoints`);
  return raw;
}

function field(entry: unknown, key: string): string | undefined {
  if (typeof entry !== "object" || entry === null) return undefined;
  const v = (entry as Record<string, unknown>)[key];
  return typeof v === "string" ? v : undefined;
}

export function takenIds(entries: readonly unknown[]): Set<string> {
  return new Set(entries.map((e) => field(e, "id")).filter((id): id is string => id !== undefined));
}

/** The id of an existing entry with the same server and model, if any. */
export function alreadyConfigured(entries: readonly unknown[], baseUrl: string, model: string): string | undefined {
  const url = normalBaseUrl(baseUrl);
  const hit = entries.find((e) => field(e, "model") === model && normalBaseUrl(field(e, "baseUrl") ?? "") === url);
  return hit === undefined ? undefined : (field(hit, "id") ?? "");
}

/** New entries with unique ids, appended to the existing ones (which stay untouched). */
export function appendEntries(
  existing: readonly unknown[],
  wanted: ReadonlyArray<{ prefix: string; baseUrl: string; model: string; apiKeyEnv?: string }>,
  roles: readonly ChatRole[],
): { list: unknown[]; added: EndpointEntry[] } {
  const taken = takenIds(existing);
  const added: EndpointEntry[] = [];
  for (const w of wanted) {
    const entry: EndpointEntry = { id: uniqueEndpointId(w.prefix, w.model, taken), baseUrl: w.baseUrl, model: w.model };
    if (w.apiKeyEnv) entry.apiKeyEnv = w.apiKeyEnv;
    // Answer alone is the default: left out, so the endpoint still stops answering if it is later chosen as judge or fuser.
    if (!(roles.length === 1 && roles[0] === "answer")) entry.roles = [...roles];
    taken.add(entry.id);
    added.push(entry);
  }
  return { list: [...existing, ...added], added };
}
