/**
 * A unique constraint refused the write (Prisma's P2002), recognised by its code so that callers
 * need not import Prisma's runtime: the usual sign that another request or process got there first.
 */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string })?.code === "P2002";
