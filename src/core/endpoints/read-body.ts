// Reads a fetch Response body chunk by chunk, telling the caller each time data arrives (idle
// timeouts) and stopping once it is over a size limit (memory stays bounded whatever a server sends).

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body over ${limit} bytes`);
    this.name = "BodyTooLarge";
  }
}

export async function readChunks(res: Response, onData: () => void, sink: (text: string) => void, maxBytes = Infinity): Promise<void> {
  if (!res.body) return;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onData();
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(maxBytes);
    }
    sink(decoder.decode(value, { stream: true }));
  }
  const rest = decoder.decode();
  if (rest) sink(rest);
}

export async function readText(res: Response, onData: () => void, maxBytes = Infinity): Promise<string> {
  let text = "";
  await readChunks(res, onData, (t) => (text += t), maxBytes);
  return text;
}
