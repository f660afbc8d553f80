import { InputError } from "../core/errors";

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/**
 * Parses `--name value`, `--name=value` and boolean `--name` flags. `booleans` lists the
 * flags that take no value; every other flag needs one.
 */
export function parseArgs(argv: string[], booleans: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (booleans.includes(name)) {
      flags.set(name, true);
      continue;
    }
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new InputError(`option --${name} needs a value`);
    flags.set(name, value);
  }
  return { positional, flags };
}

export function flagString(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === "string" ? v : undefined;
}

export function flagNumber(p: ParsedArgs, name: string, opts: { min?: number; integer?: boolean } = {}): number | undefined {
  const v = flagString(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min))
    throw new InputError(`option --${name} needs ${opts.integer ? "a whole number" : "a number"}${opts.min !== undefined ? ` ≥ ${opts.min}` : ""}, got "${v}"`);
  return n;
}

/** Rejects flags the command does not know, so a typo never silently runs with defaults. */
export function checkKnown(p: ParsedArgs, known: readonly string[]): void {
  for (const k of p.flags.keys()) if (!known.includes(k)) throw new InputError(`unknown option --${k}`);
}
