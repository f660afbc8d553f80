// Builds DOM nodes from data without ever parsing HTML: text always goes in as text nodes.
// The webview CSP forbids inline styles, so `style` and event-handler attributes are refused.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  testid?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (ev: HTMLElementEventMap[K]) => void }>;
}

const FORBIDDEN_ATTR = /^(style|on.*|srcdoc)$/i;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.testid) el.dataset.testid = props.testid;
  for (const [name, value] of Object.entries(props.attrs ?? {})) setAttr(el, name, value);
  for (const [type, fn] of Object.entries(props.on ?? {})) el.addEventListener(type, fn as EventListener);
  append(el, ...children);
  return el;
}

export function setAttr(el: Element, name: string, value: string | number | boolean | undefined): void {
  if (FORBIDDEN_ATTR.test(name)) throw new Error(`attribute ${name} is not allowed in the webview`);
  if (value === undefined || value === false) el.removeAttribute(name);
  else el.setAttribute(name, value === true ? "" : String(value));
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

/** A toolkit button (`vscode-button`). */
export function button(label: string, testid: string, onClick: () => void, opts: { secondary?: boolean; title?: string } = {}): HTMLElement {
  return h(
    "vscode-button",
    {
      testid,
      attrs: { appearance: opts.secondary ? "secondary" : undefined, title: opts.title, "aria-label": opts.title },
      on: { click: onClick },
    },
    label,
  );
}
