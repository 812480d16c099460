import {
  ContractViolation,
  decode,
  SCHEMA_VERSION,
  type ItemDeleteEvent,
  type ItemUpsertEvent,
} from "../contract/index.js";
import { isPlainObject } from "../contract/messages.js";

/** Default largest item message accepted, in bytes; bigger ones are parked unread. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

export type ParsedItemMessage =
  | { ok: true; event: ItemUpsertEvent | ItemDeleteEvent }
  | {
      ok: false;
      code:
        | "PAYLOAD_TOO_LARGE"
        | "MALFORMED_JSON"
        | "UNSUPPORTED_SCHEMA_VERSION"
        | "UNKNOWN_MESSAGE_TYPE"
        | "CONTRACT_VIOLATION";
      reason: string;
      /** Ids read from a message that failed its schema, so the failure can still reach the Item. */
      eventId?: string;
      itemCode?: string;
    };

/**
 * Maximum size of an over-limit message still parsed to read its event id and item code, so Frappe gets a
 * Failed result for it; beyond this the message is parked without one.
 */
export const MAX_ID_PARSE_BYTES = 16 * 1024 * 1024;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Decodes an item message body, or returns why it must be parked. Never throws. */
export function parseItemMessage(
  content: Buffer,
  maxBytes = DEFAULT_MAX_MESSAGE_BYTES,
): ParsedItemMessage {
  if (content.length > maxBytes) {
    return {
      ok: false,
      code: "PAYLOAD_TOO_LARGE",
      reason: `message is ${content.length} bytes; the worker accepts at most ${maxBytes}. Shorten the item's description or other long fields, then save it again`,
      ...idsOfLarge(content),
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(content.toString("utf8"));
  } catch (error) {
    return {
      ok: false,
      code: "MALFORMED_JSON",
      reason: `message is not JSON: ${(error as Error).message}`,
    };
  }
  if (!isPlainObject(body))
    return { ok: false, code: "MALFORMED_JSON", reason: "message is not a JSON object" };
  const ids = idsOf(body);
  if (body.schema_version !== SCHEMA_VERSION) {
    return {
      ok: false,
      code: "UNSUPPORTED_SCHEMA_VERSION",
      reason: `schema_version is ${JSON.stringify(body.schema_version)}; this worker reads version ${SCHEMA_VERSION}`,
      ...ids,
    };
  }
  const schema =
    body.type === "item.upsert"
      ? "item-upsert"
      : body.type === "item.delete"
        ? "item-delete"
        : null;
  if (!schema) {
    return {
      ok: false,
      code: "UNKNOWN_MESSAGE_TYPE",
      reason: `type ${JSON.stringify(body.type)} is not an item event`,
      ...ids,
    };
  }
  try {
    return { ok: true, event: decode(schema, body) };
  } catch (error) {
    if (!(error instanceof ContractViolation)) throw error;
    return { ok: false, code: "CONTRACT_VIOLATION", reason: error.message, ...ids };
  }
}

function idsOfLarge(content: Buffer): { eventId?: string; itemCode?: string } {
  if (content.length > MAX_ID_PARSE_BYTES) return {};
  try {
    const body: unknown = JSON.parse(content.toString("utf8"));
    return isPlainObject(body) ? idsOf(body) : {};
  } catch {
    return {};
  }
}

function idsOf(body: Record<string, unknown>): { eventId?: string; itemCode?: string } {
  const ids: { eventId?: string; itemCode?: string } = {};
  if (typeof body.event_id === "string" && UUID.test(body.event_id)) ids.eventId = body.event_id;
  const item = isPlainObject(body.item) ? body.item : body;
  if (
    typeof item.item_code === "string" &&
    item.item_code.length > 0 &&
    item.item_code.length <= 1000
  ) {
    ids.itemCode = item.item_code;
  }
  return ids;
}
