// `answer-blender models list | pull ID`: the hub model cache.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors";
import { cacheFolder, defaultCacheDir, hubBaseUrl, isHubId, pullModel } from "../../core/models/hub";
import { MANIFEST_NAME, readManifest, type ManifestFile } from "../../core/models/manifest";
import { checkKnown, flagString, parseArgs } from "../args";
import { escapeControls, padToWidth } from "../../core/display-text";
import type { CliIO, Command } from "../io";
import { COMMAND_USAGE } from "../usage";
import { ProgressBar } from "../progress";
import { exportTritonCommand } from "./export-triton";

const USAGE = COMMAND_USAGE.models;

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function cacheDirOf(p: ReturnType<typeof parseArgs>, io: CliIO): string {
  return flagString(p, "cache-dir") ?? io.env.ANSWER_BLENDER_CACHE ?? defaultCacheDir();
}

interface CachedModel {
  id: string;
  engine: string;
  dir: string;
  files: number;
  present: number;
  bytes: number;
}

function listCache(cacheDir: string): CachedModel[] {
  if (!existsSync(cacheDir)) return [];
  const out: CachedModel[] = [];
  for (const owner of readdirSync(cacheDir).sort()) {
    const ownerDir = join(cacheDir, owner);
    if (!statSync(ownerDir).isDirectory()) continue;
    for (const name of readdirSync(ownerDir).sort()) {
      const dir = join(ownerDir, name);
      if (!existsSync(join(dir, MANIFEST_NAME))) continue;
      let files: ManifestFile[] = [];
      let engine = "?";
      try {
        const m = readManifest(dir);
        files = m?.files ?? [];
        engine = m?.engine ?? "?";
      } catch {
        engine = "(bad manifest)";
      }
      const present = files.filter((f) => existsSync(join(dir, f.path)));
      out.push({ id: `${owner}/${name}`, engine, dir, files: files.length, present: present.length, bytes: present.reduce((s, f) => s + statSync(join(dir, f.path)).size, 0) });
    }
  }
  return out;
}

const list: Command = async (argv, io) => {
  const p = parseArgs(argv, ["json"]);
  checkKnown(p, ["cache-dir", "json"]);
  const cacheDir = cacheDirOf(p, io);
  const models = listCache(cacheDir);
  if (p.flags.has("json")) {
    io.out(JSON.stringify({ cacheDir, models }) + "\n");
    return 0;
  }
  if (models.length === 0) {
    io.out(`no models in ${cacheDir}\n`);
    return 0;
  }
  io.out(`models in ${cacheDir}:\n`);
  for (const m of models) io.out(`  ${padToWidth(escapeControls(m.id), 40)} ${padToWidth(escapeControls(m.engine), 8)} ${m.present}/${m.files} files  ${mb(m.bytes)}\n`);
  return 0;
};

const pull: Command = async (argv, io) => {
  const p = parseArgs(argv, []);
  checkKnown(p, ["cache-dir", "dtype", "files"]);
  const [id, ...extra] = p.positional;
  if (!id || extra.length) throw new InputError("models pull needs exactly one hub id (owner/name)");
  if (!isHubId(id)) throw new InputError(`"${id}" is not a hub id (expected owner/name)`);
  const dtype = flagString(p, "dtype") ?? "all";
  if (!["fp32", "int8", "all"].includes(dtype)) throw new InputError(`option --dtype must be fp32, int8 or all, got "${dtype}"`);
  const files = flagString(p, "files")?.split(",").map((s) => s.trim()).filter(Boolean);
  const cacheDir = cacheDirOf(p, io);
  const bar = new ProgressBar(io, "download");
  io.err(`pulling ${id} from ${hubBaseUrl()} into ${cacheFolder(cacheDir, id)}\n`);
  const result = await pullModel(id, {
    cacheDir,
    files,
    filter: (f) => dtype === "all" || !f.dtype || f.dtype === dtype,
    signal: io.signal,
    onProgress: (e) => bar.update(e.done, e.total, e.message ?? ""),
  });
  bar.finish();
  const fresh = result.downloaded.length;
  io.err(fresh ? `downloaded ${fresh} file(s): ${result.downloaded.join(", ")}\n` : "already in the cache, nothing to download\n");
  io.out(result.dir + "\n");
  return 0;
};

export const modelsCommand: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === "list") return list(rest, io);
  if (sub === "pull") return pull(rest, io);
  if (sub === "export-triton") return exportTritonCommand(rest, io);
  if (!sub || sub === "--help" || sub === "-h" || sub === "help") {
    io.out(USAGE + "\n");
    return sub ? 0 : 2;
  }
  throw new InputError(`unknown models subcommand "${sub}"\n${USAGE}`);
};
