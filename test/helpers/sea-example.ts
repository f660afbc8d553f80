import type { BlendExample } from "../../src/core/types";

/** Five answers whose pairs are in test/fixtures/tiny-pairrm/reference.json (torch logits). */
export const SEA_EXAMPLE: BlendExample = {
  id: "sea",
  instruction: "Write a short poem about the sea.",
  input: "",
  candidates: [
    { model: "m1", text: "The sea is wide and blue, it sings to me and you." },
    { model: "m2", text: "Water." },
    { model: "m3", text: "Waves roll in, waves roll out." },
    { model: "m4", text: "The ocean is large." },
    { model: "m5", text: "Blue water, white foam, and a ship going home." },
  ],
};
