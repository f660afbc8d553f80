// Candidate names of collected answers: the model's id, or "id#k" for its k-th sample when it
// was asked for several. Kept free of other imports: the webview uses it too.

export function sampleName(id: string, k: number, n: number): string {
  return n > 1 ? `${id}#${k}` : id;
}

/** The model (endpoint) id of a candidate name: "id", or "id" of "id#k". */
export function modelOfSample(name: string): string {
  return name.replace(/#\d+$/, "");
}
