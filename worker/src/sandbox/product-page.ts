import type { CatalogStore } from "./store.js";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Render a minimal storefront page for a product slug, so the `productPageUrl` and `url` values
 * the sandbox returns open something in a browser. Returns undefined for an unknown slug.
 */
export function renderProductPage(slug: string, store: CatalogStore): string | undefined {
  for (const product of store.v1.values()) {
    if (product.slug === slug) {
      const price = product.priceData?.formatted?.price ?? "";
      return page(product.name ?? "", `SKU ${product.sku ?? "-"} · ${price}`);
    }
  }
  for (const product of store.v3.values()) {
    if (product.slug === slug) {
      const variant = product.variantsInfo?.variants?.[0];
      const amount = variant?.price?.actualPrice?.amount ?? "";
      return page(product.name ?? "", `SKU ${variant?.sku ?? "-"} · ${amount}`);
    }
  }
  return undefined;
}

function page(name: string, details: string): string {
  return `<!doctype html><meta charset="utf-8"><title>${escapeHtml(name)}</title><h1>${escapeHtml(name)}</h1><p>${escapeHtml(details)}</p><p>Wix sandbox product page</p>`;
}
