// Reads a fetch Response body chunk by chunk, telling the caller each time data arrives (idle timeouts).

export async function readChunks(res: Response, onData: () => void, sink: (text: string) => void): Promise<void> {
  if (!res.body) return;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onData();
    sink(decoder.decode(value, { stream: true }));
  }
  const rest = decoder.decode();
  if (rest) sink(rest);
}

export async function readText(res: Response, onData: () => void): Promise<string> {
  let text = "";
  await readChunks(res, onData, (t) => (text += t));
  return text;
}
