/** Field checks for Catalog V1 product writes, with the limits of the V1 SDK typings. */
import { ViolationList } from "./errors.js";
import { isObject } from "./json.js";
import { V1_LIMITS } from "./limits.js";

export type ProductInput = Record<string, unknown>;

export function checkProductFields(product: ProductInput, violations: ViolationList): void {
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
