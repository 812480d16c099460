import sanitizeHtml from "sanitize-html";

// Formatting tags a product description may keep. Scripts, styles, iframes, forms and event-handler
// attributes are removed; links keep only http, https and mailto targets. Any tag keeps `dir`, so
// right-to-left text (Arabic, Hebrew) keeps its direction.
const ALLOWED_TAGS = [
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
];
const DIRECTIONS = new Set(["ltr", "rtl", "auto"]);

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { "*": ["dir"], a: ["href", "title", "target", "rel"] },
  // A `dir` that is not a direction is dropped before the allow-list sees it.
  transformTags: {
    "*": (tagName, attribs) => {
      if (attribs.dir !== undefined && !DIRECTIONS.has(attribs.dir)) {
        const { dir: _dir, ...rest } = attribs;
        return { tagName, attribs: rest };
      }
      return { tagName, attribs };
    },
  },
  allowedSchemes: ["http", "https", "mailto"],
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "noscript", "iframe", "object", "embed"],
};

/** Sanitises an ERPNext description for Wix; `changed` is true when markup was removed. */
export function sanitizeDescription(html: string): { html: string; changed: boolean } {
  const clean = sanitizeHtml(html, OPTIONS).trim();
  return { html: clean, changed: clean !== html.trim() };
}
