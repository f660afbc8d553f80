// Turns HTTP failures and fetch's network errors into messages a user can act on.
import type { EndpointConfig } from "../engine-options";
import { serverErrorMessage } from "./chat-types";
import { EndpointError, excerpt } from "./errors";
import { parseRetryAfter } from "./retry";

export function describeNetworkError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as Error & { cause?: unknown }).cause;
  const c = cause instanceof Error ? cause : undefined;
  const code = c && "code" in c ? String((c as NodeJS.ErrnoException).code) : undefined;
  const detail = c ? c.message : "";
  if (code === "ECONNREFUSED") return "connection refused (is the server running?)";
  if (code === "ENOTFOUND") return "host not found (check baseUrl)";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return `connection reset by the server${detail ? ` (${detail})` : ""}`;
  return [e.message, detail].filter(Boolean).join(": ");
}

export function httpError(res: Response, body: string, ep: EndpointConfig, url: string): EndpointError {
  let serverMsg: string | undefined;
  try {
    serverMsg = serverErrorMessage(JSON.parse(body));
  } catch {
    serverMsg = undefined;
  }
  const secrets = [ep.apiKey];
  const detail = serverMsg ? `: ${excerpt(serverMsg, 200, secrets)}` : body.trim() ? `: ${excerpt(body, 200, secrets)}` : "";
  const head = `endpoint "${ep.id}": HTTP ${res.status}${res.statusText ? " " + res.statusText : ""}`;
  const s = res.status;
  if (s === 401 || s === 403) {
    const keyHint = ep.apiKey
      ? `the server rejected the API key${ep.apiKeyEnv ? ` from ${ep.apiKeyEnv}` : ""}`
      : `no API key was sent (CLI: name its environment variable with "apiKeyEnv"; VS Code: "Answer Blender: Set API Key")`;
    return new EndpointError(`${head}: ${s === 401 ? "not authorised" : "forbidden"}, ${keyHint}${detail}`, "auth", ep.id, s);
  }
  if (s === 404)
    return new EndpointError(
      `${head}: not found at ${url}; check baseUrl (OpenAI-compatible servers usually end in /v1) and that model "${ep.model}" exists${detail}`,
      "not-found",
      ep.id,
      s,
    );
  if (s === 429) return new EndpointError(`${head}: rate limited${detail}`, "rate-limit", ep.id, s, true, parseRetryAfter(res.headers));
  if (s >= 500 || s === 408)
    return new EndpointError(`${head}: server error${detail}`, "server", ep.id, s, true, parseRetryAfter(res.headers));
  return new EndpointError(`${head}: request rejected${detail}`, "bad-request", ep.id, s);
}
