// Safe Markdown: markdown-it parses (raw HTML off, only http/https/mailto links) and this
// module builds the DOM from its tokens with createElement/text nodes, so answer text is
// never parsed as HTML. Images are not loaded: they become links.
import MarkdownIt from "markdown-it";
import { append, h } from "../shared/dom";

type Token = ReturnType<typeof md.parse>[number];

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

export function isSafeUrl(url: string): boolean {
  return SAFE_URL.test(url.trim());
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.validateLink = isSafeUrl;

/** Elements markdown-it may open; anything else becomes a span. */
const ALLOWED_TAGS = new Set([
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "em", "strong", "s",
  "a", "table", "thead", "tbody", "tr", "th", "td",
]);

export function renderMarkdown(src: string): DocumentFragment {
  const root = document.createDocumentFragment();
  buildInto(md.parse(src, {}), root);
  return root;
}

function buildInto(tokens: Token[], root: Node): void {
  const stack: Node[] = [root];
  for (const t of tokens) {
    const parent = stack[stack.length - 1];
    if (t.nesting === 1) {
      // Tight list items hide their paragraphs: keep the parent so the closing token pops evenly.
      const el = t.hidden ? parent : openElement(t);
      if (el !== parent) parent.appendChild(el);
      stack.push(el);
      continue;
    }
    if (t.nesting === -1) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const leaf = leafNode(t);
    if (leaf) parent.appendChild(leaf);
  }
}

function attr(t: Token, name: string): string {
  const v = t.attrGet(name);
  return v === null ? "" : String(v);
}

function openElement(t: Token): HTMLElement {
  const el = document.createElement(ALLOWED_TAGS.has(t.tag) ? t.tag : "span");
  if (t.type === "link_open") {
    const href = attr(t, "href");
    if (isSafeUrl(href)) {
      el.setAttribute("href", href);
      el.setAttribute("rel", "noopener noreferrer");
      el.setAttribute("title", href);
    }
  }
  if (t.type === "ordered_list_open") {
    const start = Number(attr(t, "start") || 1);
    if (Number.isInteger(start) && start !== 1) el.setAttribute("start", String(start));
  }
  if (t.type === "th_open" || t.type === "td_open") {
    const align = /text-align:(left|right|center)/.exec(attr(t, "style"))?.[1];
    if (align) el.className = `align-${align}`;
  }
  return el;
}

function leafNode(t: Token): Node | null {
  switch (t.type) {
    case "inline": {
      const frag = document.createDocumentFragment();
      buildInto(t.children ?? [], frag);
      return frag;
    }
    case "text":
    case "html_inline":
    case "html_block":
      return document.createTextNode(t.content);
    case "softbreak":
      return document.createTextNode("\n");
    case "hardbreak":
      return h("br");
    case "hr":
      return h("hr");
    case "code_inline":
      return h("code", {}, t.content);
    case "code_block":
    case "fence": {
      const lang = /^[\w+#.-]{1,32}$/.exec(t.info.trim().split(/\s+/)[0] ?? "")?.[0];
      const code = h("code", { class: lang ? `language-${lang}` : undefined }, t.content.replace(/\n$/, ""));
      return h("pre", {}, code);
    }
    case "image": {
      const src = attr(t, "src");
      const alt = t.content || "image";
      const label = `[image: ${alt}]`;
      if (!isSafeUrl(src)) return document.createTextNode(label);
      const a = h("a", { class: "image-link", attrs: { href: src, rel: "noopener noreferrer", title: src } });
      append(a, label);
      return a;
    }
    default:
      return t.content ? document.createTextNode(t.content) : null;
  }
}
