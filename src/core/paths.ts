import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

let cached: string | undefined;

/** The folder holding Answer Blender's package.json, from the sources (src/…) or the bundle (dist/). */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const pj = join(dir, "package.json");
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, "utf8")) as { name?: string }).name === "answer-blender") return (cached = dir);
      } catch {
        /* not ours; keep walking up */
      }
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find the answer-blender package root above ${__dirname}`);
}

/** The shared evaluation data: $ANSWER_BLENDER_DATA, else ../shared/data beside the package. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ANSWER_BLENDER_DATA ?? join(packageRoot(), "..", "shared", "data");
}
