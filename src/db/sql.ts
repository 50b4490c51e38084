/**
 * Building blocks for the few raw statements on hot paths, still run through Prisma's
 * `$queryRaw`/`$executeRaw` (parameterised, on every adapter: better-sqlite3, libSQL, D1).
 * They are taken from the runtime the generated client itself loads, so nothing new is pulled in:
 * package.json maps `#prisma-runtime` to the Node client's runtime, or under the `workerd`
 * condition (wrangler's bundler) to the Workers client's.
 */
export { join, sqltag as sql, type Sql } from "#prisma-runtime";

/**
 * A JSON column as a raw query returns it: better-sqlite3's adapter parses columns declared
 * JSONB, others may hand back the text.
 */
export function jsonColumn<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}
