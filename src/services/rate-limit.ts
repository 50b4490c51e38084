import type { DbOrTx } from "./context.js";

/**
 * A fixed-window counter in the database (so it holds across restarts and instances).
 * Returns whether one more attempt is allowed, counting it.
 */
export async function hit(db: DbOrTx, key: string, now: Date, limit: number, windowMs: number): Promise<boolean> {
  const row = await db.rateLimit.findUnique({ where: { key } });
  if (!row || now.getTime() - row.windowStart.getTime() >= windowMs) {
    await db.rateLimit.upsert({ where: { key }, create: { key, windowStart: now, count: 1 }, update: { windowStart: now, count: 1 } });
    return true;
  }
  await db.rateLimit.update({ where: { key }, data: { count: { increment: 1 } } });
  return row.count + 1 <= limit;
}

/** Whether the key is over its limit now, without counting. */
export async function isBlocked(db: DbOrTx, key: string, now: Date, limit: number, windowMs: number): Promise<boolean> {
  const row = await db.rateLimit.findUnique({ where: { key } });
  return !!row && now.getTime() - row.windowStart.getTime() < windowMs && row.count >= limit;
}
