/**
 * Catalog V1 products: create, update, query and media, in the shapes Wix returns.
 *
 * V1 does not enforce unique SKUs, so two products may carry the same one.
 */
import { applicationError, notFound, ViolationList } from "./errors.js";
import { checkOperators, equalityValues, matches, sortItems, type SortSpec } from "./filter.js";
import { formatMoney, nowIso, roundMoney } from "./format.js";
import { V1_LIMITS } from "./limits.js";
import { cloneJson, type CatalogStore } from "./store.js";
import type {
  V1AddProductMediaRequest,
  V1MediaItem,
  V1Product,
  V1QueryProductsRequest,
  V1QueryProductsResponse,
  V1RemoveProductMediaRequest,
  V1Variant,
} from "./wix-types.js";

export interface V1Context {
  store: CatalogStore;
  currency: string;
  /** Base URL of the sandbox, used for `productPageUrl.base` and media URLs. */
  baseUrl: string;
}

/** Id of the single variant of a product without managed variants. */
export const V1_DEFAULT_VARIANT_ID = "00000000-0000-0000-0000-000000000000";
/** Id of the "All Products" collection every V1 product belongs to. */
const ALL_PRODUCTS_COLLECTION_ID = "00000000-000000-000000-000000000001";

type ProductInput = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkProductFields(product: ProductInput, violations: ViolationList): void {
  const limits = V1_LIMITS.product;
  violations.stringLength("product.name", product.name, limits.nameMinLength, limits.nameMaxLength);
  violations.stringLength("product.slug", product.slug, 0, limits.slugMaxLength);
  violations.stringLength(
    "product.description",
    product.description,
    0,
    limits.descriptionMaxLength,
  );
  violations.stringLength("product.sku", product.sku, 0, limits.skuMaxLength);
  violations.stringLength("product.ribbon", product.ribbon, 0, limits.ribbonMaxLength);
  violations.stringLength(
    "product.brand",
    product.brand,
    limits.brandMinLength,
    limits.brandMaxLength,
  );
  violations.numberRange("product.weight", product.weight, 0, limits.weightMax);
  violations.oneOf("product.productType", product.productType, ["physical"]);

  if (product.priceData !== undefined && product.priceData !== null) {
    if (!isObject(product.priceData)) violations.required("product.priceData.price");
    else
      violations.numberRange(
        "product.priceData.price",
        product.priceData.price,
        0,
        limits.priceMax,
      );
  }
  if (isObject(product.costAndProfitData)) {
    violations.numberRange(
      "product.costAndProfitData.itemCost",
      product.costAndProfitData.itemCost,
      0,
      limits.itemCostMax,
    );
  }
  if (isObject(product.discount)) {
    violations.oneOf("product.discount.type", product.discount.type, ["NONE", "AMOUNT", "PERCENT"]);
    violations.numberRange("product.discount.value", product.discount.value, 0, limits.priceMax);
  }

  checkOptions(product.productOptions, violations);
  checkInfoSections(product.additionalInfoSections, violations);
}

function checkOptions(options: unknown, violations: ViolationList): void {
  violations.arraySize(
    "product.productOptions",
    options,
    0,
    V1_LIMITS.product.productOptionsMaxSize,
  );
  if (!Array.isArray(options)) return;
  const limits = V1_LIMITS.productOption;
  options.forEach((option: unknown, index) => {
    const field = `product.productOptions[${index}]`;
    if (!isObject(option)) return violations.required(`${field}.name`);
    if (option.name === undefined) violations.required(`${field}.name`);
    violations.stringLength(
      `${field}.name`,
      option.name,
      limits.nameMinLength,
      limits.nameMaxLength,
    );
    violations.oneOf(`${field}.optionType`, option.optionType, ["drop_down", "color"]);
    violations.arraySize(
      `${field}.choices`,
      option.choices,
      limits.choicesMinSize,
      limits.choicesMaxSize,
    );
    if (!Array.isArray(option.choices)) return;
    option.choices.forEach((choice: unknown, choiceIndex) => {
      const choiceField = `${field}.choices[${choiceIndex}]`;
      if (!isObject(choice)) return violations.required(`${choiceField}.value`);
      const choiceLimits = V1_LIMITS.choice;
      if (choice.value === undefined) violations.required(`${choiceField}.value`);
      violations.stringLength(
        `${choiceField}.value`,
        choice.value,
        choiceLimits.valueMinLength,
        choiceLimits.valueMaxLength,
      );
      if (choice.description === undefined) violations.required(`${choiceField}.description`);
      violations.stringLength(
        `${choiceField}.description`,
        choice.description,
        choiceLimits.descriptionMinLength,
        choiceLimits.descriptionMaxLength,
      );
    });
  });
  const variantCount = options.reduce(
    (count: number, option: unknown) =>
      count * (isObject(option) && Array.isArray(option.choices) ? option.choices.length || 1 : 1),
    1,
  );
  if (variantCount > V1_LIMITS.product.variantsMaxSize) {
    violations.add({
      field: "product.productOptions",
      description: `product.productOptions make ${variantCount} variants, expected ${V1_LIMITS.product.variantsMaxSize} or fewer.`,
      violatedRule: "MAX_SIZE",
      data: { threshold: V1_LIMITS.product.variantsMaxSize },
    });
  }
}

function checkInfoSections(sections: unknown, violations: ViolationList): void {
  if (!Array.isArray(sections)) return;
  const limits = V1_LIMITS.additionalInfoSection;
  sections.forEach((section: unknown, index) => {
    if (!isObject(section)) return;
    const field = `product.additionalInfoSections[${index}]`;
    violations.stringLength(`${field}.title`, section.title, 0, limits.titleMaxLength);
    violations.stringLength(
      `${field}.description`,
      section.description,
      0,
      limits.descriptionMaxLength,
    );
  });
}

function priceBlock(price: number, discount: V1Product["discount"], currency: string) {
  let discounted = price;
  if (discount?.type === "AMOUNT") discounted = price - (discount.value ?? 0);
  if (discount?.type === "PERCENT") discounted = price * (1 - (discount.value ?? 0) / 100);
  discounted = Math.max(0, roundMoney(discounted));
  return {
    currency,
    price,
    discountedPrice: discounted,
    formatted: {
      price: formatMoney(price, currency),
      discountedPrice: formatMoney(discounted, currency),
    },
  };
}

/** Build every option-choice combination, in the order Wix lists variants. */
function choiceCombinations(options: NonNullable<V1Product["productOptions"]>) {
  let combinations: Record<string, string>[] = [{}];
  for (const option of options) {
    const next: Record<string, string>[] = [];
    for (const combination of combinations) {
      for (const choice of option.choices ?? []) {
        next.push({
          ...combination,
          [option.name ?? ""]: choice.description ?? choice.value ?? "",
        });
      }
    }
    combinations = next.length > 0 ? next : combinations;
  }
  return combinations;
}

/** Cost, profit and margin of one variant, as Wix derives them from the discounted price. */
function costAndProfit(itemCost: number, discountedPrice: number, currency: string) {
  const profit = roundMoney(discountedPrice - itemCost);
  return {
    itemCost,
    formattedItemCost: formatMoney(itemCost, currency),
    profit,
    formattedProfit: formatMoney(profit, currency),
    profitMargin:
      discountedPrice > 0 ? Math.round((profit / discountedPrice) * 10_000) / 10_000 : 0,
  };
}

function buildVariants(product: V1Product, sku: string, context: V1Context): V1Variant[] {
  const price = product.priceData?.price ?? 0;
  const itemCost = product.costAndProfitData?.itemCost;
  const variantData = () => {
    const priceData = priceBlock(price, product.discount, context.currency);
    return {
      priceData,
      convertedPriceData: priceBlock(price, product.discount, context.currency),
      ...(typeof itemCost === "number"
        ? {
            costAndProfitData: costAndProfit(itemCost, priceData.discountedPrice, context.currency),
          }
        : {}),
      weight: product.weight ?? 0,
      sku,
      visible: product.visible ?? true,
    };
  };
  if (!product.manageVariants || !product.productOptions?.length) {
    return [{ id: V1_DEFAULT_VARIANT_ID, choices: {}, variant: variantData() }];
  }
  // An update keeps the id of every variant whose choices still exist, as Wix does.
  const previousIds = new Map(
    (product.variants ?? []).map((variant) => [JSON.stringify(variant.choices ?? {}), variant.id]),
  );
  return choiceCombinations(product.productOptions).map((choices) => ({
    id: previousIds.get(JSON.stringify(choices)) ?? context.store.newId(),
    choices,
    variant: variantData(),
  }));
}

/** Fill the read-only and derived fields from the writable ones. */
function deriveFields(product: V1Product, sku: string, context: V1Context): V1Product {
  const price = product.priceData?.price ?? 0;
  const priceData = priceBlock(price, product.discount, context.currency);
  const weight = product.weight ?? 0;
  const derived: V1Product = {
    ...product,
    weightRange: { minValue: weight, maxValue: weight },
    price: priceData,
    priceData: { ...priceData, pricePerUnit: product.priceData?.pricePerUnit },
    convertedPriceData: priceData,
    priceRange: { minValue: price, maxValue: price },
    costRange: {
      minValue: product.costAndProfitData?.itemCost ?? 0,
      maxValue: product.costAndProfitData?.itemCost ?? 0,
    },
    ribbons: product.ribbon ? [{ text: product.ribbon }] : [],
    productPageUrl: { base: context.baseUrl, path: `/product-page/${product.slug}` },
    variants: buildVariants(product, sku, context),
    lastUpdated: nowIso(),
  };
  // With managed variants, SKU and weight live on the variants and the product fields are empty.
  if (product.manageVariants) {
    delete derived.sku;
    delete derived.weight;
  } else derived.sku = sku;
  if (!derived.priceData?.pricePerUnit) delete derived.priceData?.pricePerUnit;
  return derived;
}

function normalizeOptions(options: unknown): V1Product["productOptions"] {
  if (!Array.isArray(options)) return [];
  return options.map((option: Record<string, unknown>) => ({
    optionType: (option.optionType as "drop_down" | "color" | undefined) ?? "drop_down",
    name: option.name as string,
    choices: ((option.choices as Record<string, unknown>[] | undefined) ?? []).map((choice) => ({
      value: choice.value as string,
      description: choice.description as string,
      inStock: true,
      visible: true,
    })),
  }));
}

export function createV1Product(body: unknown, context: V1Context): V1Product {
  const product = isObject(body) && isObject(body.product) ? body.product : undefined;
  const violations = new ViolationList();
  if (!product) {
    violations.required("product");
    violations.throwIfAny();
    throw new Error("unreachable");
  }
  if (product.name === undefined || product.name === null) violations.required("product.name");
  if (!isObject(product.priceData) || product.priceData.price === undefined) {
    violations.required("product.priceData.price");
  }
  checkProductFields(product, violations);
  violations.throwIfAny();

  const { store } = context;
  const createdDate = nowIso();
  const sku = (product.sku as string | undefined) ?? "";
  const base: V1Product = {
    id: store.newId(),
    name: product.name as string,
    slug: store.reserveSlug(product.name as string, product.slug as string | undefined),
    visible: (product.visible as boolean | undefined) ?? true,
    productType: "physical",
    description: (product.description as string | undefined) ?? "",
    weight: (product.weight as number | undefined) ?? 0,
    stock: { trackInventory: false, inStock: true, inventoryStatus: "IN_STOCK" },
    priceData: { price: (product.priceData as { price: number }).price },
    costAndProfitData: isObject(product.costAndProfitData)
      ? { itemCost: product.costAndProfitData.itemCost as number }
      : undefined,
    additionalInfoSections:
      (product.additionalInfoSections as V1Product["additionalInfoSections"]) ?? [],
    media: { items: [] },
    customTextFields: [],
    manageVariants: (product.manageVariants as boolean | undefined) ?? false,
    productOptions: normalizeOptions(product.productOptions),
    numericId: store.nextNumericId(),
    inventoryItemId: store.newId(),
    discount: (product.discount as V1Product["discount"]) ?? { type: "NONE", value: 0 },
    collectionIds: [ALL_PRODUCTS_COLLECTION_ID],
    createdDate,
  };
  if (base.costAndProfitData === undefined) delete base.costAndProfitData;
  if (typeof product.ribbon === "string") base.ribbon = product.ribbon;
  if (typeof product.brand === "string") base.brand = product.brand;
  const created = deriveFields(base, sku, context);
  store.putV1(created);
  return cloneJson(created);
}

/** Fields a client may write through Update Product; the rest are read-only and ignored. */
const V1_WRITABLE_FIELDS = [
  "name",
  "slug",
  "visible",
  "productType",
  "description",
  "sku",
  "weight",
  "priceData",
  "costAndProfitData",
  "additionalInfoSections",
  "manageVariants",
  "productOptions",
  "discount",
  "seoData",
  "ribbon",
  "brand",
  "productDimensions",
  "packageDimensions",
  "pricePerUnitData",
] as const;

export function updateV1Product(id: string, body: unknown, context: V1Context): V1Product {
  const existing = context.store.v1.get(id);
  if (!existing) throw notFound("Product", id);
  const patch = isObject(body) && isObject(body.product) ? body.product : undefined;
  const violations = new ViolationList();
  if (!patch) violations.required("product");
  violations.throwIfAny();
  const product = patch as ProductInput;
  if (product.id !== undefined && product.id !== id) {
    violations.add({
      field: "product.id",
      description: `product.id "${String(product.id)}" does not match the id "${id}" in the URL.`,
      violatedRule: "OTHER",
      ruleName: "ID_MISMATCH",
    });
  }
  if (product.name === null || product.name === "") violations.required("product.name");
  checkProductFields(product, violations);
  violations.throwIfAny();

  const next: V1Product = cloneJson(existing);
  const nextRecord = next as Record<string, unknown>;
  for (const field of V1_WRITABLE_FIELDS) {
    if (!(field in product)) continue;
    const value = product[field];
    if (field === "priceData" && isObject(value)) {
      next.priceData = { ...next.priceData, ...value };
    } else if (field === "productOptions") {
      next.productOptions = normalizeOptions(value);
    } else if (field === "slug" && typeof value === "string" && value !== existing.slug) {
      context.store.releaseSlug(existing.slug);
      next.slug = context.store.reserveSlug(value, value);
    } else if (value === null) {
      delete nextRecord[field];
    } else {
      nextRecord[field] = cloneJson(value);
    }
  }
  const sku =
    "sku" in product
      ? ((product.sku as string | null) ?? "")
      : (existing.sku ?? existing.variants?.[0]?.variant?.sku ?? "");
  // A product with managed variants keeps its weight on the variants only.
  if (next.weight === undefined) next.weight = existing.variants?.[0]?.variant?.weight;
  const updated = deriveFields(next, sku, context);
  context.store.putV1(updated);
  return cloneJson(updated);
}

export function getV1Product(id: string, context: V1Context): V1Product {
  const product = context.store.v1.get(id);
  if (!product) throw notFound("Product", id);
  return cloneJson(product);
}

export function deleteV1Product(id: string, context: V1Context): void {
  const product = context.store.v1.get(id);
  if (!product) throw notFound("Product", id);
  context.store.releaseSlug(product.slug);
  context.store.deleteV1(id);
}

function parseJsonParameter(name: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (value.trim() === "") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    const violations = new ViolationList();
    violations.add({
      field: `query.${name}`,
      description: `query.${name} is not valid JSON: ${value.slice(0, 200)}`,
      violatedRule: "FORMAT",
      data: { type: "JSON" },
    });
    violations.throwIfAny();
  }
}

/** Read V1 sort, which is a list of `{field: "asc"|"desc"}` or `{fieldName, order}` entries. */
function parseV1Sort(raw: unknown): SortSpec[] {
  let list: unknown[] = [];
  if (Array.isArray(raw)) list = raw;
  else if (raw) list = [raw];
  return list.flatMap((entry: unknown): SortSpec[] => {
    if (!isObject(entry)) return [];
    if (typeof entry.fieldName === "string") {
      return [
        {
          fieldName: entry.fieldName,
          order: String(entry.order ?? "ASC").toUpperCase() === "DESC" ? "DESC" : "ASC",
        },
      ];
    }
    return Object.entries(entry).map(([fieldName, order]) => ({
      fieldName,
      order: String(order).toUpperCase() === "DESC" ? "DESC" : "ASC",
    }));
  });
}

export function queryV1Products(body: unknown, context: V1Context): V1QueryProductsResponse {
  const request = (isObject(body) ? body : {}) as V1QueryProductsRequest;
  const query = request.query ?? {};
  const filter = parseJsonParameter("filter", query.filter);
  const sort = parseV1Sort(parseJsonParameter("sort", query.sort));
  const limits = V1_LIMITS.query;
  const limit = query.paging?.limit ?? limits.limitDefault;
  const offset = query.paging?.offset ?? 0;
  const violations = new ViolationList();
  if (filter !== undefined && filter !== null && !isObject(filter)) {
    violations.add({
      field: "query.filter",
      description: "query.filter must be a JSON object.",
      violatedRule: "FORMAT",
    });
  }
  violations.numberRange("query.paging.limit", limit, 0, limits.limitMax);
  violations.numberRange("query.paging.offset", offset, 0, limits.offsetMax);
  violations.throwIfAny();
  checkOperators(filter);

  const { store } = context;
  const skus = equalityValues(filter, "sku");
  // A SKU lookup, the worker's adopt-by-SKU step, reads the index instead of every product.
  let products = skus
    ? store
        .byCreationOrder(new Set(skus.flatMap((sku) => store.v1IdsBySku(String(sku)))))
        .map((id) => store.v1.get(id) as V1Product)
    : [...store.v1.values()];
  if (!request.includeHiddenProducts) products = products.filter((product) => product.visible);
  products = products.filter((product) => matches(product, filter));
  // Products are kept in creation order, which is also ascending numericId, Wix's default order.
  const sorted = sortItems(products, sort);
  const page = sorted.slice(offset, offset + limit).map((product) => {
    const copy = cloneJson(product);
    if (!request.includeVariants) copy.variants = [];
    return copy;
  });
  return { products: page, metadata: { items: limit, offset }, totalResults: sorted.length };
}

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
