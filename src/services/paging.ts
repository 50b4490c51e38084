import { invalidFields } from "../core/errors.js";
import { readCursor } from "../core/pagination.js";

/**
 * The where-clause of the page after a cursor for lists in the order rows were added
 * (createdAt, then id): {} without a cursor, a 400 naming `cursor` for a made-up one.
 */
export function createdAfter(cursor: string | undefined) {
  const after = readCursor(cursor, 2);
  if (!after) return {};
  const at = new Date(after[0]!);
  if (Number.isNaN(at.getTime())) throw invalidFields([{ field: "cursor", message: "is not a cursor this API gave (use nextCursor of the previous page)" }]);
  return { OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: after[1]! } }] };
}

/** The cursor values of a row of such a list. */
export const createdKey = (row: { createdAt: Date; id: string }) => [row.createdAt.toISOString(), row.id];
