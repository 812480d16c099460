import sanitizeHtml from "sanitize-html";

// Formatting tags a product description may keep. Scripts, styles, iframes, forms and event-handler
// attributes are removed; links keep only http, https and mailto targets.
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "sub",
    "sup",
    "span",
    "div",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "pre",
    "code",
  ],
  allowedAttributes: { a: ["href", "title", "target", "rel"] },
  allowedSchemes: ["http", "https", "mailto"],
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "noscript", "iframe", "object", "embed"],
};

/** Sanitises an ERPNext description for Wix; `changed` is true when markup was removed. */
export function sanitizeDescription(html: string): { html: string; changed: boolean } {
  const clean = sanitizeHtml(html, OPTIONS).trim();
  return { html: clean, changed: clean !== html.trim() };
}
