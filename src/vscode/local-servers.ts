// The model servers found on this machine, as endpoints the model catalogue lists: one per
// model, ids as Add Endpoint… would give them; models already configured as endpoints are
// left out (the configured entry, with its roles and key, stands for them).
import { discoverLocalServers, GENERIC_SERVER_NAME, type DiscoveredServer } from "../core/endpoints/discover";
import type { EndpointConfig } from "../core/engine-options";
import { alreadyConfigured, uniqueEndpointId } from "./endpoint-entries";

/** The id prefix of a server's endpoints ("ollama", "vllm", …; "local" when the kind is a guess). */
export function serverPrefix(s: DiscoveredServer): string {
  return s.name === GENERIC_SERVER_NAME ? "local" : s.kind;
}

export function localEndpoints(servers: readonly DiscoveredServer[], configured: readonly EndpointConfig[]): EndpointConfig[] {
  const taken = new Set(configured.map((e) => e.id));
  const out: EndpointConfig[] = [];
  for (const s of servers)
    for (const model of s.models) {
      if (alreadyConfigured(configured, s.baseUrl, model) !== undefined) continue;
      const id = uniqueEndpointId(serverPrefix(s), model, taken);
      taken.add(id);
      out.push({ id, baseUrl: s.baseUrl, model });
    }
  return out;
}

/** Probes 127.0.0.1's usual ports (never anything a workspace setting names). */
export async function discoverLocalEndpoints(configured: () => readonly EndpointConfig[]): Promise<EndpointConfig[]> {
  return localEndpoints(await discoverLocalServers(), configured());
}
