// Stands in for @huggingface/transformers in dist/extension.js (see scripts/build.mjs):
// model engines run in the inference worker, whose bundle has the real library.
const message = "@huggingface/transformers is only bundled into the inference worker (dist/worker.js); this engine must run there";
const safe = new Set(["__esModule", "then", "default"]);
module.exports = new Proxy(
  {},
  {
    get(_, key) {
      if (typeof key === "symbol" || safe.has(key)) return undefined;
      throw new Error(message);
    },
  },
);
