// Writes a synthetic blend-set JSONL of N records (seeded, so every run writes the same bytes):
// each record has a short prompt, four answers of 5–20 words and judge scores for all four.
// Usage: node --import tsx bench/scale/generate.ts --records 100000 --out bench/out/scale/100k.jsonl
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { seededRandom } from "../../src/core/hash";

const WORDS = "the a answer model ranks list sort binary search tree value index time space quick merge heap stack queue graph node edge path cost loop return result input output first last left right".split(" ");

export async function generate(records: number, out: string, seed = 1): Promise<void> {
  mkdirSync(dirname(out), { recursive: true });
  const rnd = seededRandom(seed);
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(" ");
  const stream = createWriteStream(out);
  const write = (s: string) => (stream.write(s) ? Promise.resolve() : new Promise<void>((r) => stream.once("drain", () => r())));
  let buf = "";
  for (let i = 0; i < records; i++) {
    const models = ["m0", "m1", "m2", "m3"];
    const rec = {
      id: `r${i}`,
      instruction: `Question ${i}: ${words(6)}?`,
      input: "",
      candidates: models.map((model) => ({ model, text: words(5 + Math.floor(rnd() * 16)) })),
      scores: Object.fromEntries(models.map((m) => [m, Math.round(rnd() * 100) / 10])),
    };
    buf += JSON.stringify(rec) + "\n";
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = "";
    }
  }
  await write(buf);
  await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const records = Number(arg("records") ?? 10_000);
  const out = arg("out") ?? `bench/out/scale/${records}.jsonl`;
  generate(records, out).then(() => process.stdout.write(`wrote ${records} records to ${out}\n`));
}
