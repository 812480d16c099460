/** Catalog V1 Add Product Media and Remove Product Media. */
import { applicationError, notFound, ViolationList } from "./errors.js";
import { nowIso } from "./format.js";
import { isObject } from "./json.js";
import { V1_LIMITS } from "./limits.js";
import type { V1Context } from "./v1-derive.js";
import type {
  V1AddProductMediaRequest,
  V1MediaItem,
  V1RemoveProductMediaRequest,
} from "./wix-types.js";

export function addV1Media(id: string, body: unknown, context: V1Context): void {
  const product = context.store.v1.get(id);
  if (!product) throw notFound("Product", id);
  const request = (isObject(body) ? body : {}) as V1AddProductMediaRequest;
  const violations = new ViolationList();
  const limits = V1_LIMITS.addMedia;
  if (request.media === undefined) violations.required("media");
  violations.arraySize("media", request.media, limits.mediaMinSize, limits.mediaMaxSize);
  (request.media ?? []).forEach((item, index) => {
    if (!isObject(item) || (!item.url && !item.mediaId)) {
      violations.add({
        field: `media[${index}]`,
        description: `media[${index}] needs a url or a mediaId.`,
        violatedRule: "REQUIRED_FIELD",
      });
    }
  });
  violations.throwIfAny();

  const items = product.media?.items ?? [];
  const existingCount = items.length;
  for (const item of request.media ?? []) {
    const mediaId = item.mediaId ?? `sandbox_${context.store.newId()}.jpg`;
    const url = item.url ?? `${context.baseUrl}/media/${encodeURIComponent(mediaId)}`;
    const mediaItem: V1MediaItem = {
      id: mediaId,
      mediaType: "image",
      title: "",
      image: { url, width: 0, height: 0 },
      thumbnail: { url, width: 50, height: 50 },
    };
    items.push(mediaItem);
  }
  if (items.length > limits.mediaMaxSize) {
    items.length = existingCount;
    throw applicationError(
      400,
      "MEDIA_LIMIT_EXCEEDED",
      `Product "${id}" would have ${existingCount + (request.media?.length ?? 0)} media items, expected ${limits.mediaMaxSize} or fewer.`,
      { limit: limits.mediaMaxSize },
    );
  }
  product.media = items[0] ? { mainMedia: items[0], items } : { items };
  product.lastUpdated = nowIso();
}

export function removeV1Media(id: string, body: unknown, context: V1Context): void {
  const product = context.store.v1.get(id);
  if (!product) throw notFound("Product", id);
  const request = (isObject(body) ? body : {}) as V1RemoveProductMediaRequest;
  const violations = new ViolationList();
  violations.arraySize("mediaIds", request.mediaIds, 0, V1_LIMITS.removeMedia.mediaIdsMaxSize);
  violations.throwIfAny();
  const removeIds = new Set(request.mediaIds ?? []);
  // Wix removes all media when the list is empty or missing.
  const items =
    removeIds.size === 0
      ? []
      : (product.media?.items ?? []).filter((item) => !removeIds.has(item.id ?? ""));
  product.media = items[0] ? { mainMedia: items[0], items } : { items };
  product.lastUpdated = nowIso();
}
