import { BAD_CURSOR, invalidFields } from "../core/errors.js";
import { readCursor } from "../core/pagination.js";

/**
 * The where-clause of the page after a cursor for lists in the order rows were added
 * (createdAt, then id): {} without a cursor, a 400 naming `cursor` for a made-up one.
 */
export function createdAfter(cursor: string | undefined) {
  return instantAfter(cursor, "createdAt", "asc");
}

/** The cursor values of a row of such a list. */
export const createdKey = (row: { createdAt: Date; id: string }) => [row.createdAt.toISOString(), row.id];

/**
 * The where-clause of the page after a cursor for a list ordered by an instant, then id, both
 * ascending or both descending (cycles newest first, meetings by start, deliveries newest first).
 */
export function instantAfter<F extends string>(cursor: string | undefined, field: F, direction: "asc" | "desc") {
  const after = readCursor(cursor, 2);
  if (!after) return {};
  const at = new Date(after[0]!);
  if (Number.isNaN(at.getTime())) throw invalidFields([BAD_CURSOR]);
  const beyond = direction === "asc" ? "gt" : "lt";
  return { OR: [{ [field]: { [beyond]: at } }, { [field]: at, id: { [beyond]: after[1]! } }] } as Record<string, unknown>;
}

/** The cursor values of a row of a list ordered by `field`, then id. */
export const instantKey =
  <F extends string>(field: F) =>
  (row: { [K in F]: Date } & { id: string }) => [row[field].toISOString(), row.id];
