/**
 * A unique constraint refused the write (Prisma's P2002), recognised by its code so that callers
 * need not import Prisma's runtime: the usual sign that another request or process got there first.
 */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string })?.code === "P2002";

/**
 * The row an update or delete was guarded on is gone or changed (Prisma's P2025): used as the
 * version check of a batch (`update({ where: { id, updatedAt } })` fails the whole batch).
 */
export const isRecordMissing = (error: unknown): boolean => (error as { code?: string })?.code === "P2025";
