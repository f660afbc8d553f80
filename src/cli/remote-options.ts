// The --remote flags of rank, blend and eval: run the pairrm / reward model on an Open
// Inference Protocol server (docs/remote.md). The bearer token comes from an environment variable.
import { InputError } from "../core/errors";
import { DEFAULT_REMOTE_TOKEN_ENV, REMOTE_ENGINES, remoteUrlProblem, type RemoteInferenceOptions } from "../core/remote/remote-options";
import { flagNumber, flagString, type ParsedArgs } from "./args";
import type { CliIO } from "./io";

export const REMOTE_FLAGS = ["remote", "remote-model", "remote-concurrency", "remote-token-env", "remote-timeout"] as const;

export function parseRemoteCli(p: ParsedArgs, io: CliIO, rankerName: string): RemoteInferenceOptions | undefined {
  const url = flagString(p, "remote");
  const given = REMOTE_FLAGS.filter((f) => p.flags.has(f));
  if (url === undefined) {
    if (given.length) throw new InputError(`option --${given[0]} needs --remote URL`);
    return undefined;
  }
  if (!(REMOTE_ENGINES as readonly string[]).includes(rankerName))
    throw new InputError(`--remote runs the ${REMOTE_ENGINES.join(" and ")} rankers on an inference server; --ranker ${rankerName} does not use one`, undefined, undefined, "remote");
  const problem = remoteUrlProblem(url);
  if (problem) throw new InputError(`option --remote: ${problem}`);
  const model = flagString(p, "remote-model");
  if (!model) throw new InputError("--remote needs --remote-model NAME: the model's name on the server (for a repository from `models export-triton`, its folder name)");
  const tokenEnv = flagString(p, "remote-token-env");
  const envName = tokenEnv ?? DEFAULT_REMOTE_TOKEN_ENV;
  const token = io.env[envName] || undefined;
  if (tokenEnv && !token) throw new InputError(`option --remote-token-env: the environment variable ${tokenEnv} is not set`);
  const timeout = flagNumber(p, "remote-timeout", { min: 1 });
  return {
    url,
    model,
    ...(token ? { token, tokenSource: envName } : {}),
    concurrency: flagNumber(p, "remote-concurrency", { min: 1, integer: true }) ?? 4,
    ...(timeout !== undefined ? { timeoutMs: Math.round(timeout * 1000) } : {}),
  };
}
