// API keys live in VS Code's SecretStorage, one entry per endpoint id; never in settings or logs.
import type { EndpointConfig } from "../core/engine-options";

export const API_KEY_PREFIX = "answerBlender.apiKey.";

export function apiKeySecretName(endpointId: string): string {
  return API_KEY_PREFIX + endpointId;
}

/** The part of vscode.SecretStorage used here. */
export interface SecretReader {
  get(key: string): PromiseLike<string | undefined>;
}

/**
 * Fills `apiKey` for each endpoint: the stored secret first, else the environment variable
 * the endpoint names in `apiKeyEnv`. Endpoints without a key stay keyless (local servers).
 */
export async function withApiKeys(endpoints: EndpointConfig[], secrets: SecretReader, env: NodeJS.ProcessEnv = process.env): Promise<EndpointConfig[]> {
  return Promise.all(
    endpoints.map(async (e) => {
      const stored = await secrets.get(apiKeySecretName(e.id));
      const key = stored || (e.apiKeyEnv ? env[e.apiKeyEnv] : undefined);
      return key ? { ...e, apiKey: key } : { ...e };
    }),
  );
}
