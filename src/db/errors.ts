/**
 * Errors of a write recognised by their code, so that callers need not import Prisma's runtime.
 * A raw statement (`$executeRaw`) fails as P2010 with the driver adapter's error kind in
 * `meta.driverAdapterError.cause`; a model call fails with its own code (P2002, P2025…). A batch
 * committed as one unit (D1, src/db/batching-adapter.ts) fails at its commit, which Prisma passes
 * on as the adapter's own error (`DriverAdapterError`, the kind in `cause`): no statement to
 * blame, so no Prisma code.
 */
type AdapterCause = { kind?: string; originalMessage?: string };
type PrismaLike = { code?: string; name?: string; cause?: AdapterCause; meta?: { driverAdapterError?: { cause?: AdapterCause } } };

const adapterCause = (error: unknown): AdapterCause | undefined => {
  const e = error as PrismaLike;
  return e?.meta?.driverAdapterError?.cause ?? (e?.name === "DriverAdapterError" ? e.cause : undefined);
};

/**
 * A unique constraint refused the write (Prisma's P2002, or a raw statement's
 * UniqueConstraintViolation): the usual sign that another request or process got there first.
 */
export const isUniqueViolation = (error: unknown): boolean =>
  (error as PrismaLike)?.code === "P2002" || adapterCause(error)?.kind === "UniqueConstraintViolation";

/**
 * The row an `update`/`delete` by a unique where was aimed at is gone or changed (Prisma's
 * P2025). Batches no longer use those (on D1 a batch's statements return nothing: see
 * src/db/batching-adapter.ts); their version checks are `updateMany` + `changedOrFail`. Still
 * recognised for a single statement outside a batch.
 */
export const isRecordMissing = (error: unknown): boolean => (error as PrismaLike)?.code === "P2025";

/**
 * A guard of the batch fired (src/db/guard.ts): a row it was checked on had changed. Either the
 * guard statement (a NULL into WriteGuard) or a one-statement version check (a NULL version).
 */
export const isGuardFailure = (error: unknown): boolean => {
  const cause = adapterCause(error);
  const message = cause?.originalMessage ?? (error as Error)?.message ?? "";
  return /NOT NULL constraint failed: (WriteGuard\.stale|\w+\.version)\b/.test(message);
};

/**
 * A batch refused because another writer changed what it was decided on: a version guard
 * (P2025 or the guard statement) or a unique key. The unit of work reads and decides again.
 */
export const isClash = (error: unknown): boolean => isUniqueViolation(error) || isRecordMissing(error) || isGuardFailure(error);
