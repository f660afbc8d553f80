// Runs in the webview test page (plain browser JS, evaluated by webview-contrast.test.ts): every
// element with its own visible text (light and shadow DOM), its colour and the colour actually
// behind it — every background from the root down to it composited, an element with opacity
// blended as a group — and their WCAG contrast ratio.
(() => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    /** Any CSS colour → [r, g, b, a] (0–255, a 0–1), by painting it. */
    const rgba = (css) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "rgba(0,0,0,0)";
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const d = ctx.getImageData(0, 0, 1, 1).data;
      return [d[0], d[1], d[2], d[3] / 255];
    };
    const over = (top, bottom) => {
      const a = top[3] + bottom[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      return [0, 1, 2].map((i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat(a);
    };
    const lum = (c) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const parentOf = (el) => el.parentElement ?? (el.getRootNode().host ?? null);
    const chain = (el) => {
      const out = [];
      for (let e = el; e; e = parentOf(e)) out.push(e);
      return out.reverse(); // root first
    };
    const hex = (c) => "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("") + (c[3] < 1 ? ` @${c[3].toFixed(2)}` : "");
    const path = (el) =>
      chain(el)
        .slice(-3)
        .map((e) => e.tagName.toLowerCase() + (e.getAttribute("data-testid") ? `[${e.getAttribute("data-testid")}]` : e.classList.length ? "." + Array.from(e.classList).join(".") : ""))
        .join(" > ");
    const disabled = (el) => chain(el).some((e) => e.hasAttribute("disabled") || e.getAttribute("aria-disabled") === "true");
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      return chain(el).every((e) => {
        const s = getComputedStyle(e);
        return s.display !== "none" && s.visibility !== "hidden";
      });
    };

    const out = [];
    const visit = (root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const seen = new Set();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent ?? "").trim();
        // The slot's host draws slotted text; a text node's own parent otherwise.
        const el = n.assignedSlot ?? n.parentElement;
        if (!text || !el || seen.has(el) || el.closest("script, style, .visually-hidden") || !visible(el) || disabled(el)) continue;
        seen.add(el);
        // The pixel of the text and the pixel beside it, as the browser paints them: each
        // element's background over what is behind it, and an element with opacity as a group
        // (its background, its children, the text) blended over what is behind it.
        const layers = chain(el).map((e) => {
          const s = getComputedStyle(e);
          return { bg: rgba(s.backgroundColor), opacity: Number(s.opacity) };
        });
        const color = rgba(getComputedStyle(el).color);
        const paint = (i, below, withText) => {
          if (i === layers.length) return withText ? over(color, below) : below;
          const inner = paint(i + 1, over(layers[i].bg, below), withText);
          const o = layers[i].opacity;
          return o >= 1 ? inner : [0, 1, 2].map((k) => inner[k] * o + below[k] * (1 - o)).concat(1);
        };
        const white = [255, 255, 255, 1];
        const fg = paint(0, white, true);
        const bg = paint(0, white, false);
        const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
        out.push({ where: path(el), text: text.slice(0, 40), fg: hex(fg), bg: hex(bg), ratio: Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100 });
      }
      for (const e of Array.from(root.querySelectorAll("*"))) if (e.shadowRoot) visit(e.shadowRoot);
    };
    visit(document);
    return out;
})();
