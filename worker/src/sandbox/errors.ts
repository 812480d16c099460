import type { FieldViolation, WixErrorBody } from "./wix-types.js";

/**
 * An error response in Wix's format. Handlers throw it, and the server sends it.
 */
export class WixHttpError extends Error {
  readonly status: number;
  readonly body: WixErrorBody;

  constructor(status: number, body: WixErrorBody) {
    super(body.message);
    this.name = "WixHttpError";
    this.status = status;
    this.body = body;
  }
}

export function applicationError(
  status: number,
  code: string,
  description: string,
  data: Record<string, unknown> = {},
): WixHttpError {
  return new WixHttpError(status, {
    message: description,
    details: { applicationError: { code, description, data } },
  });
}

/** Build a 400 response listing every field violation found in the request. */
export function validationError(violations: FieldViolation[]): WixHttpError {
  const message = violations.map((violation) => violation.description).join("; ");
  return new WixHttpError(400, {
    message,
    details: { validationError: { fieldViolations: violations } },
  });
}

export function notFound(entity: string, id: string): WixHttpError {
  return applicationError(404, "NOT_FOUND", `${entity} with id "${id}" was not found.`, { id });
}

/**
 * Collects field violations while a request body is checked, so one response lists all of them.
 */
export class ViolationList {
  readonly items: FieldViolation[] = [];

  add(violation: FieldViolation): void {
    this.items.push(violation);
  }

  required(field: string): void {
    this.add({
      field,
      description: `${field} is required.`,
      violatedRule: "REQUIRED_FIELD",
    });
  }

  /** Check that an id given in the body, if any, is the id in the URL. */
  idMatchesUrl(field: string, value: unknown, urlId: string): void {
    if (value === undefined || value === urlId) return;
    this.add({
      field,
      description: `${field} "${String(value)}" does not match the id "${urlId}" in the URL.`,
      violatedRule: "OTHER",
      ruleName: "ID_MISMATCH",
    });
  }

  /** Check a string's length in UTF-16 code units, as the typings' `@maxLength` counts them. */
  stringLength(field: string, value: unknown, min: number, max: number): void {
    if (value === undefined || value === null) return;
    if (typeof value !== "string") {
      this.add({
        field,
        description: `${field} must be a string, got ${typeof value}.`,
        violatedRule: "FORMAT",
        data: { type: "STRING" },
      });
      return;
    }
    if (value.length > max) {
      this.add({
        field,
        description: `${field} has length ${value.length}, expected ${max} or less.`,
        violatedRule: "MAX_LENGTH",
        data: { threshold: max },
      });
    } else if (value.length < min) {
      this.add({
        field,
        description: `${field} has length ${value.length}, expected ${min} or more.`,
        violatedRule: "MIN_LENGTH",
        data: { threshold: min },
      });
    }
  }

  numberRange(field: string, value: unknown, min: number, max: number): void {
    if (value === undefined || value === null) return;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.add({
        field,
        description: `${field} must be a number, got ${JSON.stringify(value)}.`,
        violatedRule: "FORMAT",
        data: { type: "NUMBER" },
      });
      return;
    }
    if (value > max) {
      this.add({
        field,
        description: `${field} is ${value}, expected ${max} or less.`,
        violatedRule: "MAX",
        data: { threshold: max },
      });
    } else if (value < min) {
      this.add({
        field,
        description: `${field} is ${value}, expected ${min} or more.`,
        violatedRule: "MIN",
        data: { threshold: min },
      });
    }
  }

  arraySize(field: string, value: unknown, min: number, max: number): void {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) {
      this.add({
        field,
        description: `${field} must be an array.`,
        violatedRule: "FORMAT",
        data: { type: "ARRAY" },
      });
      return;
    }
    if (value.length > max) {
      this.add({
        field,
        description: `${field} has ${value.length} items, expected ${max} or fewer.`,
        violatedRule: "MAX_SIZE",
        data: { threshold: max },
      });
    } else if (value.length < min) {
      this.add({
        field,
        description: `${field} has ${value.length} items, expected ${min} or more.`,
        violatedRule: "MIN_SIZE",
        data: { threshold: min },
      });
    }
  }

  oneOf(field: string, value: unknown, allowed: readonly string[]): void {
    if (value === undefined || value === null) return;
    if (typeof value !== "string" || !allowed.includes(value)) {
      this.add({
        field,
        description: `${field} is ${JSON.stringify(value)}, expected one of ${allowed.join(", ")}.`,
        violatedRule: "OTHER",
        ruleName: "INVALID_ENUM_VALUE",
        data: { allowed },
      });
    }
  }

  /** Throw a 400 response when any violation was collected. */
  throwIfAny(): void {
    if (this.items.length > 0) throw validationError(this.items);
  }
}
