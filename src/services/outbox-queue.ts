import { parseAddress, type Outgoing } from "../channels/channel.js";
import { uuidv7 } from "../db/ids.js";
import { join, sql } from "../db/sql.js";
import type { Database } from "../db/types.js";
import type { Write } from "../db/guard.js";
import type { DbOrTx } from "./context.js";

/*
 * Putting messages into the outbox: as writes of the batch of the change that causes them, so
 * that a change and what it says commit together (outbox.ts sends them).
 */

/**
 * Which messages go first when the bot is at its rate: a reply to what a person just said
 * (anything a conversation turn queues, a sign-in code they asked for) before bulk sends
 * (opening prompts, reminders, nudges, summaries, meeting reminders and notices). The caller that
 * queues knows which it is; bulk is the default. Bulk still gets every slot replies leave over,
 * in its own queueing order (src/services/outbox.ts).
 */
export const PRIORITY = { reply: 0, bulk: 1 } as const;
export type Priority = keyof typeof PRIORITY;

/** A message to queue, with its time (createdAt, and nextAttemptAt: due at once). */
export interface TimedOutgoing extends Outgoing {
  at: Date;
}

/** Rows per insert: D1 binds at most 100 parameters to a statement, and a row binds 7. */
const ROWS_PER_INSERT = 14;

/** Queues messages now, in a batch of their own (scripts and tests; services add `messageWrites` to their batch). */
export async function queueMessages(
  db: Database,
  now: Date,
  items: Outgoing[],
  dedupeKey?: (item: Outgoing, index: number) => string,
  priority: Priority = "bulk",
) {
  if (items.length) await db.$transaction(messageWrites(db, now, items, dedupeKey, priority));
}

/** Messages to queue as writes of a batch: keyed ones fail the batch when a key was written before. */
export function messageWrites(
  db: Database,
  now: Date,
  items: Outgoing[],
  dedupeKey?: (item: Outgoing, index: number) => string,
  priority: Priority = "bulk",
): Write[] {
  if (!items.length) return [];
  if (dedupeKey) return [queueKeyedInBatch(db, now, items, dedupeKey, priority)];
  return timedMessageWrites(
    db,
    items.map((item) => ({ ...item, at: now })),
    priority,
  );
}

/**
 * Keyed messages as one write of a batch (`db.$transaction([...])`): they commit with the change
 * that caused them, and a key written twice fails the batch (P2002).
 */
export function queueKeyedInBatch(
  db: DbOrTx,
  now: Date,
  items: Outgoing[],
  dedupeKey: (item: Outgoing, index: number) => string,
  priority: Priority = "bulk",
) {
  return db.outboxMessage.createMany({
    data: items.map((item, i) => ({
      priority: PRIORITY[priority],
      address: item.address,
      channel: parseAddress(item.address).channel,
      payload: item.message as object,
      dedupeKey: dedupeKey(item, i),
      createdAt: now,
      nextAttemptAt: now,
    })),
  });
}

/**
 * Messages without a dedupe key (every turn's replies among them), as writes for a batch, in
 * raw statements: Prisma's createMany cost several times as much on the hot path. Ids increase
 * in queueing order, which orders messages of the same instant (deliverDue).
 */
export function timedMessageWrites(db: Database, items: TimedOutgoing[], priority: Priority = "bulk"): Write[] {
  const writes: Write[] = [];
  const rank = PRIORITY[priority];
  for (let i = 0; i < items.length; i += ROWS_PER_INSERT) {
    const rows = items
      .slice(i, i + ROWS_PER_INSERT)
      .map((item) => sql`(${uuidv7()}, ${item.address}, ${parseAddress(item.address).channel}, ${JSON.stringify(item.message)}, 'pending', 0, ${item.at}, ${item.at}, ${rank})`);
    writes.push(db.$executeRaw`
      INSERT INTO "OutboxMessage" ("id", "address", "channel", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "priority")
      VALUES ${join(rows)}`);
  }
  return writes;
}

/** Queues timed messages now, in a batch of their own. */
export async function queueTimedMessages(db: Database, items: TimedOutgoing[], priority: Priority = "bulk") {
  if (items.length) await db.$transaction(timedMessageWrites(db, items, priority));
}

