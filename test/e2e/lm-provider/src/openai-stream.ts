// A streamed chat completion from an OpenAI-compatible server (the e2e tests' local one), over
// node:http: POST <baseUrl>/chat/completions with stream: true, text deltas passed on as they come.
import { request } from "node:http";

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** Resolves when the stream ends; rejects on an HTTP error, a broken connection or `signal`. */
export function streamChat(baseUrl: string, model: string, messages: ChatMessage[], onText: (text: string) => void, signal: AbortSignal): Promise<void> {
  const body = JSON.stringify({ model, messages, stream: true });
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) }, signal }, (res) => {
      res.setEncoding("utf8");
      if ((res.statusCode ?? 0) >= 400) {
        let text = "";
        res.on("data", (c: string) => (text += c));
        res.on("end", () => reject(new HttpError(res.statusCode ?? 0, `HTTP ${res.statusCode} from ${baseUrl}: ${errorMessage(text)}`)));
        return;
      }
      let buffer = "";
      res.on("data", (c: string) => {
        buffer += c;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of event.split("\n")) {
            if (!line.startsWith("data:")) continue;
            const data = line.slice(5).trim();
            if (data === "[DONE]") continue;
            const delta = (JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta?.content;
            if (delta) onText(delta);
          }
        }
      });
      res.on("end", () => resolve());
      res.on("error", reject);
      res.on("aborted", () => reject(new Error("the server closed the stream")));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function errorMessage(body: string): string {
  try {
    return (JSON.parse(body) as { error?: { message?: string } }).error?.message ?? body;
  } catch {
    return body.slice(0, 200);
  }
}
