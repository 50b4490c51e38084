import { AppError } from "../core/errors.js";
import { isRecordMissing } from "../db/errors.js";
import type { Prisma } from "../db/generated/prisma/client.js";
import type { Database } from "../db/types.js";

/**
 * Commits one atomic batch (the D1-shaped unit of work: read, decide in pure code, write once).
 * A version-checked update whose row changed meanwhile fails the batch: that is a 409 asking to
 * try again, not a 500.
 */
export async function commitBatch<P extends Prisma.PrismaPromise<unknown>[]>(db: Database, statements: [...P], what: string) {
  try {
    return await db.$transaction(statements);
  } catch (error) {
    if (isRecordMissing(error)) throw new AppError("conflict", `the ${what} was changed by another request meanwhile; read it again and retry`);
    throw error;
  }
}
