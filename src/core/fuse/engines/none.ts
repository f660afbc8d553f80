import type { Fuser, FuseRequest } from "../fuser";

/** No fusion: the fused text is the top-ranked answer itself. */
export class NoneFuser implements Fuser {
  readonly name = "none";
  readonly label = "top-ranked answer (no fusion)";
  async fuse(req: FuseRequest): Promise<string> {
    return req.ranked[0]?.text ?? "";
  }
}
