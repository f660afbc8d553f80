// The one edge to VS Code: acquireVsCodeApi() is injected by the webview host (or a test stub).

export interface VsCodeApi<State, Out> {
  postMessage(message: Out): void;
  getState(): State | undefined;
  setState(state: State): void;
}

interface RawApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): RawApi;

/**
 * Typed wrapper. `acquireVsCodeApi` may be called once per page, so call this once.
 * `readState` validates whatever was stored (it may come from an older version).
 */
export function getVsCodeApi<State, Out>(readState: (raw: unknown) => State | undefined): VsCodeApi<State, Out> {
  const raw = acquireVsCodeApi();
  return {
    postMessage: (m) => raw.postMessage(m),
    getState: () => readState(raw.getState()),
    setState: (s) => raw.setState(s),
  };
}
