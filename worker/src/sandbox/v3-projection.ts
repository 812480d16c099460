/** Response shapes of Catalog V3 products: what a single read and a list return. */
import { formatMoney } from "./format.js";
import { cloneJson } from "./store.js";
import type { V3Context } from "./v3-products.js";
import type { V3Product } from "./wix-types.js";

export type V3Projection = "single" | "list";

/**
 * Copy a stored product into the shape a response carries. Some fields are returned only when
 * the request names them in `fields`. Lists (query and search) leave `variantsInfo` out, as the
 * SDK documents for Search Products and as its Query Products response type implies.
 */
export function projectV3Product(
  product: V3Product,
  fields: readonly string[],
  projection: V3Projection,
  context: V3Context,
): V3Product {
  const copy = cloneJson(product);
  const requested = new Set(fields);
  if (!requested.has("PLAIN_DESCRIPTION")) delete copy.plainDescription;
  if (!requested.has("DESCRIPTION")) delete copy.description;
  if (requested.has("URL")) {
    const relativePath = `/product-page/${product.slug}`;
    copy.url = { relativePath, url: `${context.baseUrl}${relativePath}` };
  }
  if (requested.has("CURRENCY")) {
    copy.currency = context.currency;
    for (const variant of copy.variantsInfo?.variants ?? []) {
      for (const amount of [variant.price?.actualPrice, variant.price?.compareAtPrice]) {
        if (amount?.amount)
          amount.formattedAmount = formatMoney(Number(amount.amount), context.currency);
      }
    }
  }
  if (!requested.has("VARIANT_OPTION_CHOICE_NAMES")) {
    for (const variant of copy.variantsInfo?.variants ?? []) {
      for (const choice of variant.choices ?? []) delete choice.optionChoiceNames;
    }
  }
  if (projection === "list") {
    delete copy.variantsInfo;
    if (!requested.has("MEDIA_ITEMS_INFO") && copy.media) delete copy.media.itemsInfo;
  }
  return copy;
}

/** Read the `fields` list from a body or from repeated or comma-separated query parameters. */
export function requestedFields(bodyFields: unknown, searchParams?: URLSearchParams): string[] {
  const fromBody = Array.isArray(bodyFields) ? bodyFields.map(String) : [];
  const fromQuery = searchParams
    ? searchParams.getAll("fields").flatMap((value) => value.split(","))
    : [];
  return [...fromBody, ...fromQuery].filter((field) => field !== "");
}
