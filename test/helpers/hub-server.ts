// A stand-in for the Hugging Face hub on 127.0.0.1: GET /<owner>/<name>/resolve/main/<path>
// serves files of local folders, with Range support, and can corrupt, drop or delay a file.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export class FakeHub {
  /** http://127.0.0.1:PORT once started. */
  base = "";
  requests: { path: string; range?: string }[] = [];
  /** Files served with one byte flipped. */
  readonly corrupt = new Set<string>();
  /** Files whose next response stops halfway. */
  readonly dropOnce = new Set<string>();
  /** Milliseconds to wait before each response (to cancel a download in flight). */
  delayMs = 0;
  private server: Server | null = null;

  /** hub id → local folder in the hub's layout. */
  constructor(readonly repos: Map<string, string>) {}

  static async start(repos: Record<string, string>): Promise<FakeHub> {
    const hub = new FakeHub(new Map(Object.entries(repos)));
    hub.server = createServer((req, res) => hub.handle(req.url ?? "", req.headers.range, res));
    await new Promise<void>((r) => hub.server?.listen(0, "127.0.0.1", () => r()));
    hub.base = `http://127.0.0.1:${(hub.server.address() as AddressInfo).port}`;
    return hub;
  }

  private handle(url: string, rangeHeader: string | undefined, res: import("node:http").ServerResponse): void {
    const m = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(decodeURIComponent(url));
    const dir = m ? this.repos.get(m[1]) : undefined;
    const file = m && dir ? join(dir, m[2]) : "";
    this.requests.push({ path: m?.[2] ?? url, range: rangeHeader });
    if (!m || !dir || !existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    let body = readFileSync(file);
    if (this.corrupt.has(m[2])) {
      body = Buffer.from(body);
      body[body.length >> 1] ^= 0xff;
    }
    const range = /^bytes=(\d+)-$/.exec(rangeHeader ?? "");
    const start = range ? Number(range[1]) : 0;
    if (start >= body.length && body.length > 0) {
      res.writeHead(416).end();
      return;
    }
    const part = body.subarray(start);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(range ? 206 : 200, { "content-length": String(part.length), "content-type": "application/octet-stream" });
      if (this.dropOnce.delete(m[2])) {
        res.write(part.subarray(0, part.length >> 1), () => res.destroy());
        return;
      }
      res.end(part);
    };
    if (this.delayMs > 0) setTimeout(send, this.delayMs);
    else send();
  }

  close(): Promise<void> {
    return new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
