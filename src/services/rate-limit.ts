import type { Write } from "../db/guard.js";
import type { Database } from "../db/types.js";

/*
 * A fixed-window counter in the database (so it holds across restarts and instances), e.g.
 * wrong invitation codes per chat. Read with `isBlocked`; an attempt is counted by a write of
 * the caller's batch (`countAttempt`), committed with the rest of its unit of work.
 */

export type Counter = { windowStart: Date; count: number } | null;

export const readCounter = (db: Database, key: string): Promise<Counter> => db.rateLimit.findUnique({ where: { key } });

const windowOver = (row: NonNullable<Counter>, now: Date, windowMs: number) => now.getTime() - row.windowStart.getTime() >= windowMs;

/** Whether the counter (as read) is over its limit now. */
export const isBlocked = (row: Counter, now: Date, limit: number, windowMs: number): boolean =>
  !!row && !windowOver(row, now, windowMs) && row.count >= limit;

/**
 * The write that counts one attempt: a new window when none is running (as read), otherwise
 * one more in the running window (an increment in SQL, so concurrent attempts all count).
 * (Not async: a Prisma call returned from an async function would run at once, outside the batch.)
 */
export function countAttempt(db: Database, key: string, row: Counter, now: Date, windowMs: number): Write {
  if (!row || windowOver(row, now, windowMs))
    return db.rateLimit.upsert({ where: { key }, create: { key, windowStart: now, count: 1 }, update: { windowStart: now, count: 1 } });
  // updateMany: a statement of a batch reads no result (src/db/batching-adapter.ts). The row of a
  // running window is never gone: retention removes only windows a day old.
  return db.rateLimit.updateMany({ where: { key }, data: { count: { increment: 1 } } });
}

/**
 * Counts one attempt at once, as a write of its own, and says whether it is within the limit:
 * for callers that refuse before they decide anything else (sign-in requests per address).
 */
export async function hit(db: Database, key: string, now: Date, limit: number, windowMs: number): Promise<boolean> {
  const row = await readCounter(db, key);
  await countAttempt(db, key, row, now, windowMs);
  return (!row || windowOver(row, now, windowMs) ? 1 : row.count + 1) <= limit;
}
