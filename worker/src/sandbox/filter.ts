/**
 * A subset of the Wix API Query Language (WQL) filters and sorts, evaluated on plain objects.
 *
 * Supported operators: `$eq`, `$ne`, `$in`, `$nin`, `$gt`, `$gte`, `$lt`, `$lte`, `$exists`,
 * `$startsWith`, `$isEmpty`, `$hasSome`, `$hasAll`, `$matchItems`, `$and`, `$or` and `$not`.
 * A bare value means `$eq`. A dotted field that crosses an array matches when any element does.
 */
import { validationError } from "./errors.js";
import { isObject } from "./json.js";

export type Filter = Record<string, unknown>;

const FIELD_OPERATORS = new Set([
  "$eq",
  "$ne",
  "$in",
  "$nin",
  "$gt",
  "$gte",
  "$lt",
  "$lte",
  "$exists",
  "$startsWith",
  "$isEmpty",
  "$hasSome",
  "$hasAll",
  "$matchItems",
]);

/** Collect the values at a dotted path, flattening arrays on the way. */
export function valuesAt(source: unknown, path: string): unknown[] {
  let current: unknown[] = [source];
  for (const key of path.split(".")) {
    const next: unknown[] = [];
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (isObject(item) && key in item) next.push(item[key]);
      }
    }
    current = next;
  }
  return current.flatMap((value) => (Array.isArray(value) ? [value, ...value] : [value]));
}

function compare(left: unknown, right: unknown): number | undefined {
  if (typeof left === "number" && typeof right === "number") return left - right;
  if (typeof left === "string" && typeof right === "string") {
    const leftNumber = Number(left);
    const rightNumber = Number(right);
    // Decimal strings such as V3 amounts compare as numbers.
    if (left !== "" && right !== "" && !Number.isNaN(leftNumber) && !Number.isNaN(rightNumber)) {
      return leftNumber - rightNumber;
    }
    if (left === right) return 0;
    return left < right ? -1 : 1;
  }
  if (typeof left === "boolean" && typeof right === "boolean") return Number(left) - Number(right);
  return undefined;
}

function equals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  return compare(left, right) === 0 && typeof left === typeof right;
}

function matchOperator(values: unknown[], operator: string, operand: unknown, field: string) {
  const scalars = values.filter((value) => !Array.isArray(value));
  switch (operator) {
    case "$eq":
      return operand === null
        ? values.length === 0
        : scalars.some((value) => equals(value, operand));
    case "$ne":
      return !scalars.some((value) => equals(value, operand));
    case "$in":
      return scalars.some((value) =>
        asArray(operand, field, operator).some((o) => equals(value, o)),
      );
    case "$nin":
      return !scalars.some((value) =>
        asArray(operand, field, operator).some((o) => equals(value, o)),
      );
    case "$gt":
      return scalars.some((value) => (compare(value, operand) ?? 0) > 0);
    case "$gte":
      return scalars.some((value) => (compare(value, operand) ?? -1) >= 0);
    case "$lt":
      return scalars.some((value) => (compare(value, operand) ?? 0) < 0);
    case "$lte":
      return scalars.some((value) => (compare(value, operand) ?? 1) <= 0);
    case "$exists":
      return (
        (values.some((value) => value !== null && value !== undefined) ? true : false) === operand
      );
    case "$startsWith":
      return scalars.some(
        (value) =>
          typeof value === "string" &&
          typeof operand === "string" &&
          value.toLowerCase().startsWith(operand.toLowerCase()),
      );
    case "$isEmpty": {
      const empty = values.every(
        (value) => value === "" || (Array.isArray(value) && !value.length),
      );
      return empty === operand;
    }
    case "$hasSome":
      return asArray(operand, field, operator).some((o) =>
        scalars.some((value) => equals(value, o)),
      );
    case "$hasAll":
      return asArray(operand, field, operator).every((o) =>
        scalars.some((value) => equals(value, o)),
      );
    case "$matchItems": {
      const conditions = asArray(operand, field, operator);
      const items = values.filter((value) => isObject(value));
      return items.some((item) => conditions.every((condition) => matches(item, condition)));
    }
    default:
      throw validationError([
        {
          field: `filter.${field}`,
          description: `Filter operator ${operator} on ${field} is not supported.`,
          violatedRule: "OTHER",
          ruleName: "UNSUPPORTED_FILTER_OPERATOR",
          data: { operator },
        },
      ]);
  }
}

function asArray(operand: unknown, field: string, operator: string): unknown[] {
  if (Array.isArray(operand)) return operand;
  throw validationError([
    {
      field: `filter.${field}`,
      description: `Filter operator ${operator} on ${field} needs an array, got ${JSON.stringify(operand)}.`,
      violatedRule: "FORMAT",
      data: { operator },
    },
  ]);
}

function matchField(source: unknown, field: string, condition: unknown): boolean {
  const values = valuesAt(source, field);
  if (isObject(condition) && Object.keys(condition).some((key) => key.startsWith("$"))) {
    return Object.entries(condition).every(([operator, operand]) =>
      matchOperator(values, operator, operand, field),
    );
  }
  return matchOperator(values, "$eq", condition, field);
}

/** Return whether `source` satisfies `filter`. Throws a 400 response for an unknown operator. */
export function matches(source: unknown, filter: unknown): boolean {
  if (!isObject(filter)) return true;
  return Object.entries(filter).every(([key, condition]) => {
    if (key === "$and") return asArray(condition, key, key).every((part) => matches(source, part));
    if (key === "$or") return asArray(condition, key, key).some((part) => matches(source, part));
    if (key === "$not") return !matches(source, condition);
    return matchField(source, key, condition);
  });
}

/** List the field names a filter refers to, including those inside `$and`, `$or` and `$not`. */
export function filterFields(filter: unknown): string[] {
  if (!isObject(filter)) return [];
  return Object.entries(filter).flatMap(([key, condition]) => {
    if (key === "$and" || key === "$or") {
      return Array.isArray(condition) ? condition.flatMap(filterFields) : [];
    }
    if (key === "$not") return filterFields(condition);
    return [key];
  });
}

/** Check that every operator in a filter is one the sandbox evaluates. */
export function checkOperators(filter: unknown, path = "filter"): void {
  if (!isObject(filter)) return;
  for (const [key, condition] of Object.entries(filter)) {
    if (["$and", "$or"].includes(key) && Array.isArray(condition)) {
      condition.forEach((part, index) => checkOperators(part, `${path}.${key}[${index}]`));
    } else if (key === "$not") {
      checkOperators(condition, `${path}.$not`);
    } else if (isObject(condition)) {
      for (const operator of Object.keys(condition).filter((name) => name.startsWith("$"))) {
        if (!FIELD_OPERATORS.has(operator)) {
          throw validationError([
            {
              field: `${path}.${key}`,
              description: `Filter operator ${operator} on ${key} is not supported.`,
              violatedRule: "OTHER",
              ruleName: "UNSUPPORTED_FILTER_OPERATOR",
              data: { operator },
            },
          ]);
        }
      }
    }
  }
}

function equalityOperand(condition: unknown): unknown[] | undefined {
  if (!isObject(condition)) return condition === undefined ? undefined : [condition];
  const keys = Object.keys(condition);
  if (keys.length !== 1) return undefined;
  if (keys[0] === "$eq") return [condition.$eq];
  if (keys[0] === "$in" && Array.isArray(condition.$in)) return condition.$in;
  return undefined;
}

/**
 * Return the values a filter requires `field` to equal (from a bare value, `$eq` or `$in`, at
 * the top level or inside a top-level `$and`), or undefined when it does not constrain `field`
 * that way. Callers use it to look candidates up in an index and still apply `matches` to them.
 */
export function equalityValues(filter: unknown, field: string): unknown[] | undefined {
  if (!isObject(filter)) return undefined;
  const direct = field in filter ? equalityOperand(filter[field]) : undefined;
  if (direct) return direct;
  if (Array.isArray(filter.$and)) {
    for (const part of filter.$and) {
      const nested = equalityValues(part, field);
      if (nested) return nested;
    }
  }
  return undefined;
}

export interface SortSpec {
  fieldName: string;
  order: "ASC" | "DESC";
}

/** Sort a copy of `items` by the given fields, keeping the input order for ties. */
export function sortItems<T>(items: T[], sort: SortSpec[]): T[] {
  if (sort.length === 0) return items.slice();
  return items
    .map((item, index) => ({
      item,
      index,
      keys: sort.map(({ fieldName }) => valuesAt(item, fieldName)[0]),
    }))
    .sort((left, right) => {
      for (const [position, { order }] of sort.entries()) {
        const result = compare(left.keys[position], right.keys[position]) ?? 0;
        if (result !== 0) return order === "DESC" ? -result : result;
      }
      return left.index - right.index;
    })
    .map(({ item }) => item);
}
