// A counting semaphore: at most `limit` requests in flight per client.
import { abortError } from "../errors";

export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new Error(`concurrency limit must be ≥ 1, got ${limit}`);
  }

  get inFlight(): number {
    return this.active;
  }

  /** Waits for a slot; the returned function frees it (call it exactly once). */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortError());
    const grant = (): (() => void) => {
      this.active++;
      let freed = false;
      return () => {
        if (freed) return;
        freed = true;
        this.active--;
        this.waiting.shift()?.();
      };
    };
    if (this.active < this.limit) return Promise.resolve(grant());
    return new Promise((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(grant());
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(abortError());
      };
      this.waiting.push(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
