import { changedMeanwhile, type Thing } from "../core/errors.js";
import { isClash, isGuardFailure, isRecordMissing } from "../db/errors.js";
import type { Write } from "../db/guard.js";
import type { Prisma } from "../db/generated/prisma/client.js";
import type { Database } from "../db/types.js";

/**
 * Commits one atomic batch (the D1-shaped unit of work: read, decide in pure code, write once).
 * A version-checked update whose row changed meanwhile fails the batch: that is a 409 asking to
 * try again, not a 500.
 */
export async function commitBatch<P extends Prisma.PrismaPromise<unknown>[]>(db: Database, statements: [...P], what: Thing) {
  try {
    return await db.$transaction(statements);
  } catch (error) {
    if (isRecordMissing(error) || isGuardFailure(error)) throw changedMeanwhile(what);
    throw error;
  }
}

/** Readings and batches of a unit of work before a clash with concurrent writers is an error. */
export const MAX_ATTEMPTS = 4;

/** What a unit of work decided: the writes of its one batch, and what it returns once they are committed. */
export interface Plan<T> {
  writes: Write[];
  result: T;
}

/**
 * Runs a unit of work (src/db/guard.ts): `plan` reads what it needs and decides in pure code;
 * its writes are committed as ONE batch. When a guard refuses the batch (a unique key or a
 * version check: another writer got there between the reading and the batch), the unit is
 * planned again from fresh reads, at most MAX_ATTEMPTS times. An empty plan writes nothing.
 */
export async function runUnitOfWork<T>(db: Database, plan: () => Promise<Plan<T>>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const { writes, result } = await plan();
    if (!writes.length) return result;
    try {
      await db.$transaction(writes);
      return result;
    } catch (error) {
      if (isClash(error) && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}
