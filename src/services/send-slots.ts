import type { ChannelName } from "../channels/channel.js";
import { SendPacer, type PacingRules, type Slot } from "../core/send-pacing.js";
import { isClash } from "../db/errors.js";
import { changedExactlyOrFail, nextVersion, type Write } from "../db/guard.js";
import { join, sql } from "../db/sql.js";
import type { Database } from "../db/types.js";
import { PRIORITY } from "./outbox-queue.js";

/*
 * Which pending messages of a channel go now, and their claim: the pacing (the bot's rate, each
 * chat's gap) is kept in the database, in the channel's SendPacing row, so that every deliverer
 * on the database (several Node instances on libSQL, Workers isolates on D1) keeps within it
 * together. A deliverer reads the row, picks in pure code, and claims the messages and the
 * slots in ONE batch: the row's version is checked in the statement that writes it, so of two
 * deliverers that read the same row, one batch fails and that deliverer reads again. Every claim
 * on a channel writes the row, so a version unchanged also means that no message of the channel
 * was claimed since it was read (the rows read after it are still as read).
 */

export interface Candidate {
  id: string;
  address: string;
  attempts: number | bigint;
  nextAttemptAt: Date | string;
  createdAt: Date | string;
  priority: number | bigint;
}

/** The channel's pacing as read: its version (none: no row yet) and the slots taken lately. */
export interface PacingRead {
  version: number | undefined;
  slots: Slot[];
}

/** Pending messages read at a time; a run reads at most MAX_READ of them per priority. */
const PAGE = 100;
const MAX_READ = 500;

export async function readPacing(db: Database, channel: ChannelName): Promise<PacingRead> {
  const [row] = await db.$queryRaw<{ version: number | bigint; slots: string }[]>`
    SELECT "version", "slots" FROM "SendPacing" WHERE "channel" = ${channel}`;
  return row ? { version: Number(row.version), slots: JSON.parse(row.slots) as Slot[] } : { version: undefined, slots: [] };
}

/**
 * A channel's pending messages of one priority in queueing order, a page at a time, after
 * `after` (keyset paging: claims made meanwhile do not shift the pages), along the (status,
 * channel, priority, createdAt, id) index: no sort, and other channels' and priorities' rows are
 * never read (the plan: SEARCH OutboxMessage USING INDEX
 * OutboxMessage_status_channel_priority_createdAt_id_idx (status=? AND channel=? AND priority=?
 * AND ...), checked in test/services/outbox-priority.test.ts). Without the payloads: the claim
 * reads those of the messages that go.
 */
export const pendingPage = (db: Database, channel: ChannelName, priority: number, after: Candidate | undefined, limit: number) =>
  db.$queryRaw<Candidate[]>(pendingPageSql(channel, priority, after, limit));

export function pendingPageSql(channel: ChannelName, priority: number, after: Pick<Candidate, "id" | "createdAt"> | undefined, limit: number) {
  const columns = sql`"id", "address", "attempts", "nextAttemptAt", "createdAt", "priority"`;
  const mine = sql`"status" = 'pending' AND "channel" = ${channel} AND "priority" = ${priority}`;
  return after
    ? sql`SELECT ${columns} FROM "OutboxMessage"
        WHERE ${mine} AND ("createdAt" > ${after.createdAt} OR ("createdAt" = ${after.createdAt} AND "id" > ${after.id}))
        ORDER BY "createdAt", "id" LIMIT ${limit}`
    : sql`SELECT ${columns} FROM "OutboxMessage" WHERE ${mine} ORDER BY "createdAt", "id" LIMIT ${limit}`;
}

const before = (a: Candidate, b: Candidate) => {
  const [ta, tb] = [new Date(a.createdAt).getTime(), new Date(b.createdAt).getTime()];
  return ta < tb || (ta === tb && a.id < b.id);
};

/**
 * What goes now, in sending order: replies first, then bulk in its queueing order, each chat's
 * oldest pending message only (a chat's messages keep their order whatever their priority: a
 * reply behind an older bulk message of its chat takes that one along first), due, its chat's
 * gap passed and within the bot's rate; the slots taken are in `pacer`.
 */
export async function pickDue(
  db: Database,
  channel: ChannelName,
  pacer: SendPacer,
  isGroupChat: (address: string) => boolean,
  at: Date,
  max: number,
): Promise<Candidate[]> {
  const atMs = at.getTime();
  const room = () => Math.min(pacer.room(atMs), max - picked.length);
  const picked: Candidate[] = [];
  if (room() <= 0) return [];
  const busy = new Set(
    (await db.$queryRaw<{ address: string }[]>`SELECT DISTINCT "address" FROM "OutboxMessage" WHERE "status" = 'sending' AND "channel" = ${channel}`).map((r) => r.address),
  );
  const seen = new Set<string>();
  const due = (row: Candidate) => new Date(row.nextAttemptAt).getTime() <= atMs;

  /** The first pending message of each chat not seen yet, in queueing order, that `take` accepts; until it says stop. */
  async function scan(priority: number, take: (row: Candidate) => "taken" | "skipped" | "stop") {
    // A page a little larger than what may go now: the rest would only be skipped (the chats
    // waiting for their gap are at most a few seconds' worth of sends); the next page follows if not.
    const limit = Math.min(PAGE, 4 * room() + 25);
    let after: Candidate | undefined;
    for (let read = 0; read < MAX_READ; read += limit) {
      const page = await pendingPage(db, channel, priority, after, limit);
      for (const row of page) {
        if (seen.has(row.address) || busy.has(row.address)) continue;
        seen.add(row.address);
        if (take(row) === "stop") return;
      }
      if (page.length < limit) return;
      after = page.at(-1);
    }
  }

  // Replies whose chat may get a message now; then, for their chats, an older bulk message goes first.
  const replies: Candidate[] = [];
  await scan(PRIORITY.reply, (row) => {
    if (due(row) && pacer.chatReady(row.address, isGroupChat(row.address), atMs)) replies.push(row);
    return replies.length >= room() ? "stop" : "skipped";
  });
  if (replies.length) {
    const older = await db.$queryRaw<Candidate[]>`
      SELECT "id", "address", "attempts", "nextAttemptAt", "createdAt", "priority" FROM "OutboxMessage"
      WHERE "status" = 'pending' AND "address" IN (${join(replies.map((r) => r.address))}) AND "priority" <> ${PRIORITY.reply}
      ORDER BY "createdAt", "id"`;
    for (const reply of replies) {
      const first = older.find((o) => o.address === reply.address && before(o, reply)) ?? reply;
      if (due(first) && pacer.tryTake(first.address, isGroupChat(first.address), atMs)) picked.push(first);
    }
  }
  if (room() > 0)
    await scan(PRIORITY.bulk, (row) => {
      if (due(row) && pacer.tryTake(row.address, isGroupChat(row.address), atMs)) picked.push(row);
      return room() <= 0 ? "stop" : "taken";
    });
  return picked;
}

/** The channel's slots, written on the version read (a first row on the channel's key). */
function pacingWrite(db: Database, channel: ChannelName, read: PacingRead, slots: Slot[], at: Date): Write {
  const json = JSON.stringify(slots);
  return read.version === undefined
    ? db.$executeRaw`INSERT INTO "SendPacing" ("channel", "version", "slots", "updatedAt") VALUES (${channel}, 1, ${json}, ${at})`
    : db.$executeRaw`UPDATE "SendPacing" SET "version" = ${nextVersion(read.version)}, "slots" = ${json}, "updatedAt" = ${at} WHERE "channel" = ${channel}`;
}

/** Claimed messages given back unsent, their attempt not counted. */
export const handBack = (db: Database, ids: string[]) =>
  db.$executeRaw`UPDATE "OutboxMessage" SET "status" = 'pending', "attempts" = "attempts" - 1 WHERE "id" IN (${join(ids)}) AND "status" = 'sending'`;

/**
 * The claim as one batch: the channel's slots, and the messages marked "sending" (counted: a
 * message claimed or changed by another deliverer meanwhile fails the batch). The payloads are
 * read after the commit (`claimedPayloads`): a batch reads nothing (D1 sends it whole).
 */
export function claimWrites(db: Database, channel: ChannelName, read: PacingRead, slots: Slot[], picked: Candidate[], at: Date): Write[] {
  const ids = picked.map((p) => p.id);
  return [
    pacingWrite(db, channel, read, slots, at),
    db.$executeRaw`
      UPDATE "OutboxMessage" SET "status" = 'sending', "attempts" = "attempts" + 1, "nextAttemptAt" = ${at}
      WHERE "id" IN (${join(ids)}) AND "status" = 'pending' AND "nextAttemptAt" <= ${at}`,
    changedExactlyOrFail(db, ids.length),
  ];
}

/** The payloads of messages this deliverer has just claimed (theirs until marked sent or handed back). */
export async function claimedPayloads(db: Database, ids: string[]): Promise<Map<string, unknown>> {
  const rows = await db.$queryRaw<{ id: string; payload: unknown }[]>`SELECT "id", "payload" FROM "OutboxMessage" WHERE "id" IN (${join(ids)})`;
  return new Map(rows.map((r) => [r.id, r.payload]));
}

/**
 * How late after its slot a message may still go. Later (a busy database or event loop held
 * the claim back), its slot is taken again for the moment it really goes (`retake`): a slot
 * used late would let it go out together with the next second's messages.
 */
export const SLOT_TOLERANCE_MS = 50;

/**
 * Moves the slots of claimed messages that could not go in time from `at` to now, as far as the
 * pacing allows now (one guarded batch, as a claim); the rest are handed back unspent. Returns
 * those that may go, and when their slots are.
 */
export async function retake(
  db: Database,
  channel: ChannelName,
  rules: PacingRules,
  claimed: Candidate[],
  at: Date,
  now: () => Date,
  isGroupChat: (address: string) => boolean,
): Promise<{ go: Candidate[]; at: Date }> {
  const mine = new Set(claimed.map((c) => c.address));
  for (let attempt = 1; attempt <= 5; attempt++) {
    const read = await readPacing(db, channel);
    const t = now();
    const pacer = new SendPacer(
      rules,
      read.slots.filter(([ms, chat]) => !(ms === at.getTime() && mine.has(chat))),
    );
    const go = claimed.filter((c) => pacer.tryTake(c.address, isGroupChat(c.address), t.getTime()));
    const back = claimed.filter((c) => !go.includes(c)).map((c) => c.id);
    try {
      await db.$transaction([pacingWrite(db, channel, read, pacer.slots(t.getTime()), t), ...(back.length ? [handBack(db, back)] : [])]);
      return { go, at: t };
    } catch (error) {
      if (!isClash(error)) throw error;
    }
  }
  await handBack(db, claimed.map((c) => c.id));
  return { go: [], at };
}

/** The pacer of a channel as read (its own rules, or a test's). */
export const pacerOf = (rules: PacingRules, read: PacingRead) => new SendPacer(rules, read.slots);
