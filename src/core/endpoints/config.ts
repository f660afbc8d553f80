// Endpoints file: a JSON array of OpenAI-compatible chat endpoints (DESIGN.md "Endpoints file").
import { readFileSync } from "node:fs";
import type { EndpointConfig } from "../engine-options";
import { CHAT_ROLES, type ChatRole } from "../chat/chat-model";
import { InputError } from "../errors";
import { jsonErrorLine } from "../json-error";

const FIELDS = ["id", "baseUrl", "model", "apiKeyEnv", "temperature", "maxTokens", "maxInputTokens", "n", "systemPrompt", "roles"] as const;
const MAX_SAMPLES = 32;

/**
 * Validates parsed endpoints JSON. Errors name the file, the array index and the field,
 * e.g. `endpoints.json: field "[2].baseUrl": must be an http(s) URL`.
 */
export function parseEndpoints(data: unknown, file: string): EndpointConfig[] {
  if (!Array.isArray(data)) throw new InputError("must be a JSON array of endpoints", file);
  const seen = new Set<string>();
  return data.map((raw: unknown, i) => {
    const fail = (field: string, msg: string): never => {
      throw new InputError(msg, file, undefined, `[${i}]${field ? "." + field : ""}`);
    };
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail("", "each endpoint must be an object");
    const o = raw as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (k === "apiKey") fail(k, "API keys do not belong in the endpoints file: name an environment variable with apiKeyEnv");
      if (!(FIELDS as readonly string[]).includes(k)) fail(k, `unknown field (known: ${FIELDS.join(", ")})`);
    }
    const str = (k: string, required: boolean): string | undefined => {
      const v = o[k];
      if (v === undefined && !required) return undefined;
      if (typeof v !== "string" || v.trim() === "") return fail(k, required ? "required, a non-empty string" : "must be a non-empty string");
      return v;
    };
    const num = (k: string, min: number, max: number, integer: boolean): number | undefined => {
      const v = o[k];
      if (v === undefined) return undefined;
      if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
        return fail(k, `must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}`);
      return v;
    };
    const id = str("id", true)!;
    if (seen.has(id)) fail("id", `duplicate endpoint id "${id}"`);
    if (id.includes("#")) fail("id", `must not contain "#" (used for sample numbers)`);
    seen.add(id);
    const baseUrl = str("baseUrl", true)!;
    let url: URL | undefined;
    try {
      url = new URL(baseUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) fail("baseUrl", `must be an http(s) URL, got "${baseUrl}"`);
    if (url && (url.username || url.password)) fail("baseUrl", "must not contain credentials: use apiKeyEnv");
    const apiKeyEnv = str("apiKeyEnv", false);
    if (apiKeyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv))
      fail("apiKeyEnv", `must be an environment variable name (letters, digits, _), got "${apiKeyEnv}"`);
    const cfg: EndpointConfig = { id, baseUrl, model: str("model", true)! };
    if (apiKeyEnv !== undefined) cfg.apiKeyEnv = apiKeyEnv;
    const temperature = num("temperature", 0, 2, false);
    if (temperature !== undefined) cfg.temperature = temperature;
    const maxTokens = num("maxTokens", 1, 1_000_000, true);
    if (maxTokens !== undefined) cfg.maxTokens = maxTokens;
    const maxInputTokens = num("maxInputTokens", 256, 100_000_000, true);
    if (maxInputTokens !== undefined) cfg.maxInputTokens = maxInputTokens;
    const n = num("n", 1, MAX_SAMPLES, true);
    if (n !== undefined) cfg.n = n;
    if (o.systemPrompt !== undefined) {
      if (typeof o.systemPrompt !== "string") fail("systemPrompt", "must be a string");
      cfg.systemPrompt = o.systemPrompt as string;
    }
    if (o.roles !== undefined) {
      const roles = o.roles;
      if (!Array.isArray(roles) || roles.length === 0 || roles.some((r) => !(CHAT_ROLES as readonly unknown[]).includes(r)))
        fail("roles", `must be a non-empty array of ${CHAT_ROLES.map((r) => `"${r}"`).join(", ")}`);
      cfg.roles = [...new Set(roles as ChatRole[])];
    }
    return cfg;
  });
}

/**
 * Fills `apiKey` from the environment variable each endpoint names. A missing variable
 * leaves the key unset: the client then fails that endpoint alone, saying which variable.
 */
export function withEnvApiKeys(endpoints: EndpointConfig[], env: NodeJS.ProcessEnv): EndpointConfig[] {
  return endpoints.map((e) => {
    const key = e.apiKeyEnv ? env[e.apiKeyEnv] : undefined;
    return key ? { ...e, apiKey: key } : { ...e };
  });
}

/** Reads, validates and resolves keys for the CLI's `--endpoints FILE`. Throws InputError. */
export function loadEndpointsFile(path: string, env: NodeJS.ProcessEnv): EndpointConfig[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`cannot read endpoints file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, path);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new InputError(`not valid JSON: ${msg.split("\n")[0]}`, path, jsonErrorLine(text));
  }
  return withEnvApiKeys(parseEndpoints(data, path), env);
}

/** Finds the endpoint a judge/fuser names; the error lists the ids there are. */
export function findEndpoint(endpoints: EndpointConfig[] | undefined, id: string | undefined, what: string): EndpointConfig {
  const list = endpoints ?? [];
  if (list.length === 0) throw new InputError(`${what} needs endpoints (--endpoints FILE)`, undefined, undefined, "endpoints");
  if (!id) {
    if (list.length === 1) return list[0];
    throw new InputError(`${what} needs an endpoint id (one of: ${list.map((e) => e.id).join(", ")})`, undefined, undefined, "endpoint");
  }
  const e = list.find((x) => x.id === id);
  if (!e) throw new InputError(`no endpoint "${id}" for ${what} (known: ${list.map((x) => x.id).join(", ")})`, undefined, undefined, "endpoint");
  return e;
}
