// Keys that appear twice in one JSON object. JSON.parse keeps the last silently, so a merged
// package.json can lose a whole menu without any error.
export function duplicateJsonKeys(text: string): string[] {
  const found: string[] = [];
  // One frame per open object or array: the keys seen so far (null for an array) and the path.
  const stack: Array<{ keys: Set<string> | null; path: string }> = [];
  let pendingKey: string | undefined;
  let i = 0;
  const readString = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  while (i < text.length) {
    const ch = text[i];
    const top = stack.at(-1);
    if (ch === '"') {
      const s = readString();
      let j = i;
      while (/\s/.test(text[j] ?? "")) j++;
      if (top?.keys && text[j] === ":") {
        if (top.keys.has(s)) found.push(`${top.path}/${s}`);
        top.keys.add(s);
        pendingKey = s;
      }
      continue;
    }
    if (ch === "{" || ch === "[") {
      const path = top ? `${top.path}/${top.keys ? (pendingKey ?? "") : "[]"}` : "";
      stack.push({ keys: ch === "{" ? new Set() : null, path });
    } else if (ch === "}" || ch === "]") stack.pop();
    i++;
  }
  return found;
}
