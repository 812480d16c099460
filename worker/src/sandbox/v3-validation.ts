/** Field checks for Catalog V3 product writes, with the limits of the V3 SDK typings. */
import { ViolationList } from "./errors.js";
import { isObject } from "./json.js";
import { V3_LIMITS } from "./limits.js";

type Input = Record<string, unknown>;

/** Check a decimal string such as "10.5" against `@decimalValue options { gte:0, lte:999999999.99, maxScale:3 }`. */
export function checkAmount(violations: ViolationList, field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const limits = V3_LIMITS.amount;
  const text = typeof value === "string" ? value : undefined;
  const pattern = new RegExp(`^-?\\d+(\\.\\d{1,${limits.maxScale}})?$`);
  if (text === undefined || !pattern.test(text)) {
    violations.add({
      field,
      description: `${field} must be a decimal string with at most ${limits.maxScale} decimal places, got ${JSON.stringify(value)}.`,
      violatedRule: "FORMAT",
      data: { type: "DECIMAL_VALUE", maxScale: limits.maxScale },
    });
    return;
  }
  const amount = Number(text);
  if (amount < limits.min || amount > limits.max) {
    violations.add({
      field,
      description: `${field} is ${text}, expected between ${limits.min} and ${limits.max}.`,
      violatedRule: amount < limits.min ? "MIN" : "MAX",
      data: { threshold: amount < limits.min ? limits.min : limits.max },
    });
  }
}

function checkMedia(violations: ViolationList, media: unknown): void {
  if (!isObject(media) || !isObject(media.itemsInfo)) return;
  const items = media.itemsInfo.items;
  violations.arraySize("product.media.itemsInfo.items", items, 0, V3_LIMITS.media.itemsMaxSize);
  if (!Array.isArray(items)) return;
  items.forEach((item: unknown, index) => {
    const field = `product.media.itemsInfo.items[${index}]`;
    if (!isObject(item) || (!item.url && !item.id)) {
      violations.add({
        field,
        description: `${field} needs a url or an id.`,
        violatedRule: "REQUIRED_FIELD",
      });
      return;
    }
    if (item.url !== undefined && !/^https?:\/\/\S+$/i.test(String(item.url))) {
      violations.add({
        field: `${field}.url`,
        description: `${field}.url must be an absolute http or https URL, got ${JSON.stringify(item.url)}.`,
        violatedRule: "FORMAT",
        data: { type: "WEB_URL" },
      });
    }
  });
}

function checkOptions(violations: ViolationList, options: unknown): void {
  violations.arraySize("product.options", options, 0, V3_LIMITS.product.optionsMaxSize);
  if (!Array.isArray(options)) return;
  const limits = V3_LIMITS.option;
  options.forEach((option: unknown, index) => {
    const field = `product.options[${index}]`;
    if (!isObject(option)) return violations.required(`${field}.name`);
    if (option.id === undefined && option.name === undefined) violations.required(`${field}.name`);
    violations.stringLength(
      `${field}.name`,
      option.name,
      limits.nameMinLength,
      limits.nameMaxLength,
    );
    const choices = isObject(option.choicesSettings) ? option.choicesSettings.choices : undefined;
    if (option.id === undefined && choices === undefined) {
      violations.required(`${field}.choicesSettings.choices`);
    }
    violations.arraySize(
      `${field}.choicesSettings.choices`,
      choices,
      limits.choicesMinSize,
      limits.choicesMaxSize,
    );
    if (!Array.isArray(choices)) return;
    choices.forEach((choice: unknown, choiceIndex) => {
      const choiceField = `${field}.choicesSettings.choices[${choiceIndex}]`;
      if (!isObject(choice)) return violations.required(`${choiceField}.name`);
      violations.stringLength(
        `${choiceField}.name`,
        choice.name,
        V3_LIMITS.choice.nameMinLength,
        V3_LIMITS.choice.nameMaxLength,
      );
    });
  });
}

function checkVariant(violations: ViolationList, variant: unknown, index: number): void {
  const field = `product.variantsInfo.variants[${index}]`;
  if (!isObject(variant)) {
    violations.required(`${field}.price.actualPrice.amount`);
    return;
  }
  const limits = V3_LIMITS.variant;
  violations.stringLength(`${field}.sku`, variant.sku, limits.skuMinLength, limits.skuMaxLength);
  violations.stringLength(
    `${field}.barcode`,
    variant.barcode,
    limits.barcodeMinLength,
    limits.barcodeMaxLength,
  );
  violations.arraySize(`${field}.choices`, variant.choices, 0, limits.choicesMaxSize);

  const price = isObject(variant.price) ? variant.price : undefined;
  const actual = price && isObject(price.actualPrice) ? price.actualPrice.amount : undefined;
  if (actual === undefined || actual === null)
    violations.required(`${field}.price.actualPrice.amount`);
  checkAmount(violations, `${field}.price.actualPrice.amount`, actual);
  if (price && isObject(price.compareAtPrice)) {
    checkAmount(violations, `${field}.price.compareAtPrice.amount`, price.compareAtPrice.amount);
  }

  if (isObject(variant.physicalProperties)) {
    violations.numberRange(
      `${field}.physicalProperties.weight`,
      variant.physicalProperties.weight,
      0,
      limits.weightMax,
    );
  }
  if (isObject(variant.revenueDetails) && isObject(variant.revenueDetails.cost)) {
    checkAmount(
      violations,
      `${field}.revenueDetails.cost.amount`,
      variant.revenueDetails.cost.amount,
    );
  }
}

/**
 * Check a whole V3 product as it will be stored: a create request, or an update merged onto the
 * stored product. Collects every violation before throwing one 400 response.
 */
export function checkV3Product(product: Input, violations: ViolationList): void {
  const limits = V3_LIMITS.product;
  if (product.name === undefined || product.name === null) violations.required("product.name");
  violations.stringLength("product.name", product.name, limits.nameMinLength, limits.nameMaxLength);
  violations.stringLength("product.slug", product.slug, limits.slugMinLength, limits.slugMaxLength);
  violations.stringLength(
    "product.handle",
    product.handle,
    limits.handleMinLength,
    limits.handleMaxLength,
  );
  violations.stringLength(
    "product.plainDescription",
    product.plainDescription,
    0,
    limits.plainDescriptionMaxLength,
  );
  if (product.productType === undefined || product.productType === null) {
    violations.required("product.productType");
  }
  violations.oneOf("product.productType", product.productType, ["PHYSICAL", "DIGITAL"]);
  if (product.productType === "PHYSICAL" && !isObject(product.physicalProperties)) {
    violations.add({
      field: "product.physicalProperties",
      description:
        "product.physicalProperties is required when product.productType is PHYSICAL; send {} when there is nothing to set.",
      violatedRule: "REQUIRED_FIELD",
    });
  }
  if (isObject(product.brand)) {
    violations.stringLength(
      "product.brand.name",
      product.brand.name,
      0,
      V3_LIMITS.brand.nameMaxLength,
    );
  }
  if (isObject(product.ribbon)) {
    violations.stringLength(
      "product.ribbon.name",
      product.ribbon.name,
      0,
      V3_LIMITS.ribbon.nameMaxLength,
    );
  }
  violations.arraySize("product.modifiers", product.modifiers, 0, limits.modifiersMaxSize);
  violations.arraySize("product.infoSections", product.infoSections, 0, limits.infoSectionsMaxSize);
  violations.arraySize(
    "product.additionalRibbons",
    product.additionalRibbons,
    0,
    limits.additionalRibbonsMaxSize,
  );
  checkMedia(violations, product.media);
  checkOptions(violations, product.options);

  const variants = isObject(product.variantsInfo) ? product.variantsInfo.variants : undefined;
  if (variants === undefined || variants === null) {
    violations.add({
      field: "product.variantsInfo.variants",
      description:
        "product.variantsInfo.variants is required: a product without options needs one variant with choices [].",
      violatedRule: "REQUIRED_FIELD",
    });
  }
  const variantLimits = V3_LIMITS.variantsInfo;
  violations.arraySize(
    "product.variantsInfo.variants",
    variants,
    variantLimits.variantsMinSize,
    variantLimits.variantsMaxSize,
  );
  if (Array.isArray(variants) && variants.length <= variantLimits.variantsMaxSize) {
    variants.forEach((variant: unknown, index) => checkVariant(violations, variant, index));
  }
}
