import type { AtRule, Plugin, Rule } from "postcss";

/** Selectors that stand for the document root and so map onto the page root element itself. */
const DOCUMENT_ROOTS = new Set(["html", ":root", "body", ":host"]);

/** True when a compound selector is the root itself, e.g. `#root` or `#root:hover`. */
function namesRoot(compound: string, root: string): boolean {
  if (!compound.startsWith(root)) return false;
  const after = compound.slice(root.length);
  return after === "" || /^[:.[]/.test(after);
}

/**
 * Rewrites one selector so that it matches only inside `root`.
 *
 * Desk owns `html` and sets `data-theme` on it, so rules for the document root land on the page root,
 * and a leading `[data-theme=…]` compound stays an ancestor of the page root.
 */
export function scopeSelector(selector: string, root: string): string {
  const trimmed = selector.trim();
  const parts = trimmed.split(/\s+/);
  if (parts.some((part) => namesRoot(part, root))) return trimmed;
  const [first = "", ...rest] = parts;
  const tail = rest.join(" ");
  const documentRoot = first.match(/^(html|:root|body|:host)(.*)$/);
  if (documentRoot && DOCUMENT_ROOTS.has(documentRoot[1] ?? "")) {
    const theme = documentRoot[2] ?? "";
    const scoped = theme ? `${theme} ${root}` : root;
    return tail ? `${scoped} ${tail}` : scoped;
  }
  if (first.startsWith("[data-theme")) {
    return tail ? `${first} ${root} ${tail}` : `${first} ${root}`;
  }
  return `${root} ${trimmed}`;
}

function insideKeyframes(rule: Rule): boolean {
  const parent = rule.parent;
  return parent?.type === "atrule" && /keyframes$/i.test((parent as AtRule).name);
}

/**
 * PostCSS plugin that confines every rule of the bundle to the page root, so Tailwind's preflight,
 * frappe-ui's base styles and its `:root` colour variables never reach the rest of desk.
 */
export function scopeToRoot(root: string): Plugin {
  return {
    postcssPlugin: "wix-scope-to-root",
    OnceExit(css) {
      css.walkRules((rule) => {
        if (insideKeyframes(rule)) return;
        rule.selectors = rule.selectors.map((selector) => scopeSelector(selector, root));
      });
    },
  };
}
