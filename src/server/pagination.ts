import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Page } from "../core/pagination.js";

/**
 * Lists keep answering a JSON array (clients written before paging still work); the next page,
 * when there is one, is announced in headers: `X-Next-Cursor: <cursor>` and
 * `Link: <…?cursor=…>; rel="next"`, as GitHub's API does.
 */

export const PageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_LIMIT)
    .default(DEFAULT_PAGE_LIMIT)
    .openapi({ description: `Items per page: ${DEFAULT_PAGE_LIMIT} unless given, at most ${MAX_PAGE_LIMIT}` }),
  cursor: z
    .string()
    .max(2000)
    .optional()
    .openapi({ description: "The X-Next-Cursor header of the previous page; absent for the first page" }),
};

export const ArchivedQuery = {
  archived: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "`true` lists archived items too (each has `archivedAt`); by default only those in use" }),
};

/** A list response in the OpenAPI document: the array and the paging headers. */
export const pagedJson = <S extends z.ZodType>(item: S, description = "OK") => ({
  description,
  headers: z.object({
    "X-Next-Cursor": z.string().optional().openapi({ description: "Pass as `cursor` for the next page; absent on the last page" }),
    Link: z.string().optional().openapi({ description: 'The next page\'s URL, rel="next"' }),
  }),
  content: { "application/json": { schema: z.array(item) } },
});

/** Answers a page: its items as the array, the cursor of the next page in headers. */
export function paged<T>(c: Context, page: Page<T>) {
  if (page.nextCursor) {
    const next = new URL(c.req.url);
    next.searchParams.set("cursor", page.nextCursor);
    c.header("X-Next-Cursor", page.nextCursor);
    c.header("Link", `<${next.pathname}${next.search}>; rel="next"`);
  }
  return c.json(page.items, 200);
}
