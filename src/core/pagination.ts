import { base64url, base64ToBytes } from "./base64.js";
import { BAD_CURSOR, invalidFields } from "./errors.js";

/**
 * Pages of a list: `limit` items at most, and an opaque cursor for the next page that names the
 * last item shown (its sort values), so that rows added or removed meanwhile neither repeat nor
 * skip an item (keyset paging, not offsets).
 */

/** Large enough that a ward's whole list (groups, members) fits one page for clients that do not page. */
export const DEFAULT_PAGE_LIMIT = 500;
export const MAX_PAGE_LIMIT = 1000;

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/** The sort values of the last item shown, as an opaque URL-safe string. */
export function encodeCursor(values: string[]): string {
  return base64url(new TextEncoder().encode(JSON.stringify(values)));
}

/** The values of a cursor made by encodeCursor, or null for anything else (a 400 for the caller). */
export function decodeCursor(cursor: string, arity: number): string[] | null {
  try {
    const base64 = cursor.replace(/-/g, "+").replace(/_/g, "/");
    const values: unknown = JSON.parse(new TextDecoder().decode(base64ToBytes(base64)));
    return Array.isArray(values) && values.length === arity && values.every((v) => typeof v === "string") ? values : null;
  } catch {
    return null;
  }
}

/**
 * Cuts a page from rows read with `take: limit + 1`: the extra row only tells that there is more.
 * `keyOf` gives the sort values the next page starts after.
 */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => string[]): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1]!)) };
}

/**
 * A page of rows already in their order in memory (for orders SQL cannot give, such as
 * "Tổ 2" before "Tổ 10"): the rows after the cursor's row, found by `compare`.
 */
export function pageInMemory<T>(sorted: T[], limit: number, after: T | undefined, compare: (a: T, b: T) => number, keyOf: (row: T) => string[]): Page<T> {
  const start = after === undefined ? 0 : sorted.findIndex((row) => compare(row, after) > 0);
  return pageOf(start < 0 ? [] : sorted.slice(start, start + limit + 1), limit, keyOf);
}

/** The cursor's values, undefined without a cursor; a 400 naming `cursor` for a made-up one. */
export function readCursor(cursor: string | undefined, arity: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  const values = decodeCursor(cursor, arity);
  if (!values) throw invalidFields([BAD_CURSOR]);
  return values;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}
