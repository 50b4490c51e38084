/**
 * The unit of work on every database we run on (better-sqlite3, libSQL, D1) is: read, decide
 * in pure code, write ONE batch (`db.$transaction([...])`), atomically, with no code of ours
 * running between its statements (D1 has no interactive transactions). So a batch cannot look
 * at a statement's result and give up: the database itself must refuse the batch when what it
 * was decided on has changed. Two kinds of guard do that:
 *
 *  - a unique key: the processed update id, the job-run key, an outbox dedupe key, a new
 *    conversation's (channel, user): the INSERT fails with a unique violation (P2002);
 *  - a version check: `UPDATE … WHERE "id" = ? AND "version" = ?`, followed by
 *    `changedOrFail`, which fails the batch when that UPDATE changed no row;
 *  - on the hot path (a conversation turn), the same check in one statement: `UPDATE … SET
 *    "version" = CASE WHEN "version" = ? THEN ? + 1 ELSE NULL END WHERE "id" = ?` (see
 *    `nextVersion`): a row whose version moved on gets NULL in its NOT NULL column and the
 *    statement fails by itself. (A row deleted meanwhile is simply not written.)
 *
 * `changedOrFail` is plain SQL, so it works unchanged on all three: it inserts NULL into the
 * NOT NULL column of the always-empty `WriteGuard` table when `changes()` (rows changed by the
 * statement just before, in the same batch and connection) is 0. The error names `WriteGuard`
 * (see isGuardFailure). SQLite has no RAISE outside triggers; `changes()` is core SQLite.
 *
 * On D1 a batch is sent whole, in one `batch()` call (src/db/d1-adapter.ts): no statement of a
 * batch may read the result of an earlier one (no reads after writes, no `update`/`delete` by a
 * unique where, no nested creates; ids decided in code, src/db/ids.ts).
 */
import type { Prisma } from "./generated/prisma/client.js";
import type { Database } from "./types.js";
import { sql, type Sql } from "./sql.js";

/** A statement of a batch: a model call or a raw statement, not yet run (Prisma calls are lazy). */
export type Write = Prisma.PrismaPromise<unknown>;

/**
 * The SET expression of a one-statement version check (see above): the next version if the
 * row is still at `read`, NULL otherwise (which its NOT NULL constraint refuses).
 */
export const nextVersion = (read: number) => sql`CASE WHEN "version" = ${read} THEN ${read + 1} ELSE NULL END`;

/** Fails the batch unless the statement just before it changed at least one row. */
export function changedOrFail(db: Database): Write {
  return db.$executeRaw`INSERT INTO "WriteGuard" ("stale") SELECT NULL WHERE changes() = 0`;
}

/** Fails the batch unless the statement just before it changed exactly `count` rows. */
export function changedExactlyOrFail(db: Database, count: number): Write {
  return db.$executeRaw`INSERT INTO "WriteGuard" ("stale") SELECT NULL WHERE changes() <> ${count}`;
}

/**
 * Fails the batch unless `condition` (an SQL expression, e.g. `EXISTS (SELECT 1 FROM … WHERE
 * "updatedAt" = ${read})`) still holds when the batch runs: for a decision that rests on rows
 * the batch does not otherwise change.
 */
export function stillTrue(db: Database, condition: Sql): Write {
  return db.$executeRaw`INSERT INTO "WriteGuard" ("stale") SELECT NULL WHERE NOT (${condition})`;
}
