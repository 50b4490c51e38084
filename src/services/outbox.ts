import { parseAddress, type ChannelName, type Outgoing, type Sender, DeliveryError } from "../channels/channel.js";
import type { OutboundMessage } from "../core/conversation/types.js";
import type { Logger } from "../core/logger.js";
import { SendPacer, TELEGRAM_PACING, type PacingRules } from "../core/send-pacing.js";
import { uuidv7 } from "../db/ids.js";
import { join, jsonColumn, sql } from "../db/sql.js";
import type { Database } from "../db/types.js";
import type { DbOrTx } from "./context.js";

/**
 * The durable outbox. Messages are written in the transaction of the change that caused them
 * and sent later by `deliverDue`, in order per chat, paced, retried with backoff, and given up
 * on for good when the platform says the chat is gone. A message is sent twice only if the
 * process dies after the platform accepted it and before the row was marked sent.
 */

export const DELIVERY = {
  maxAttempts: 8,
  baseBackoffMs: 2_000,
  maxBackoffMs: 15 * 60_000,
  /** A row left "sending" this long was being sent by a process that died: send it again. */
  staleSendingMs: 2 * 60_000,
  /** How often a deliverer looks for such rows (not on every run: it runs up to 25 times a second). */
  staleCheckMs: 10_000,
  batch: 100,
};

/** A message to queue, with its time (createdAt, and nextAttemptAt: due at once). */
export interface TimedOutgoing extends Outgoing {
  at: Date;
}

/** Rows per insert: D1 binds at most 100 parameters to a statement, and a row takes 7. */
const ROWS_PER_INSERT = 14;

export async function queueMessages(db: DbOrTx, now: Date, items: Outgoing[], dedupeKey?: (item: Outgoing, index: number) => string) {
  if (!items.length) return;
  if (dedupeKey) {
    // Through Prisma, so that a key written twice fails as P2002, which callers recognise.
    await db.outboxMessage.createMany({
      data: items.map((item, i) => ({
        address: item.address,
        payload: item.message as object,
        dedupeKey: dedupeKey(item, i),
        createdAt: now,
        nextAttemptAt: now,
      })),
    });
    return;
  }
  await queueTimedMessages(db, items.map((item) => ({ ...item, at: now })));
}

/**
 * Keyed messages as one write of a batch (`db.$transaction([...])`): they commit with the change
 * that caused them, and a key written twice fails the batch (P2002).
 */
export function queueKeyedInBatch(db: DbOrTx, now: Date, items: Outgoing[], dedupeKey: (item: Outgoing, index: number) => string) {
  return db.outboxMessage.createMany({
    data: items.map((item, i) => ({ address: item.address, payload: item.message as object, dedupeKey: dedupeKey(item, i), createdAt: now, nextAttemptAt: now })),
  });
}

/**
 * Messages without a dedupe key (every turn's replies among them), in raw statements: Prisma's
 * createMany cost several times as much on the hot path. Ids increase in queueing order, which
 * orders messages of the same instant (deliverDue).
 */
export async function queueTimedMessages(db: DbOrTx, items: TimedOutgoing[]) {
  for (let i = 0; i < items.length; i += ROWS_PER_INSERT) {
    const rows = items
      .slice(i, i + ROWS_PER_INSERT)
      .map((item) => sql`(${uuidv7()}, ${item.address}, ${JSON.stringify(item.message)}, 'pending', 0, ${item.at}, ${item.at})`);
    await db.$executeRaw`
      INSERT INTO "OutboxMessage" ("id", "address", "payload", "status", "attempts", "nextAttemptAt", "createdAt")
      VALUES ${join(rows)}`;
  }
}

/**
 * A sent message as kept for the record: a picture's bytes (a few hundred KB each week, and
 * drawable again from the cycle) are dropped, its name and caption stay.
 */
function withoutPictureBytes(message: OutboundMessage): OutboundMessage {
  const { base64: _bytes, ...photo } = message.photo!;
  return { ...message, photo: { ...photo, base64: "" } };
}

function backoffMs(attempts: number, random: () => number): number {
  const base = Math.min(DELIVERY.baseBackoffMs * 2 ** (attempts - 1), DELIVERY.maxBackoffMs);
  return Math.round(base * (0.5 + random())); // jitter: 50–150 %
}

const isGroupChat = (address: string) => parseAddress(address).chatId.startsWith("-");

export interface Deliverer {
  /** Sends what is due now; returns how many messages were sent. */
  deliverDue(): Promise<number>;
  /** Milliseconds until pacing lets any message go at all (0: now): no use looking before. */
  waitMs?(): number;
}

interface Candidate {
  id: string;
  address: string;
  attempts: number | bigint;
  nextAttemptAt: Date | string;
  createdAt: Date | string;
}

/** Pending messages read at a time; a run reads at most DELIVERY.batch * 5 of them, as before. */
const PAGE = 100;

export function createDeliverer(options: {
  db: Database;
  senders: Partial<Record<ChannelName, Sender>>;
  log: Logger;
  now?: () => Date;
  random?: () => number;
  pacing?: Partial<Record<ChannelName, PacingRules>>;
}): Deliverer {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const pacers = new Map<ChannelName, SendPacer>();
  const pacerFor = (channel: ChannelName) => {
    let pacer = pacers.get(channel);
    if (!pacer) pacers.set(channel, (pacer = new SendPacer(options.pacing?.[channel] ?? TELEGRAM_PACING)));
    return pacer;
  };
  const { db, log } = options;

  async function fail(id: string, address: string, attempts: number, error: unknown, at: Date) {
    const failure = error instanceof DeliveryError ? error.failure : { kind: "transient" as const, reason: String((error as Error)?.message ?? error) };
    if (failure.kind === "retry_after") {
      // Not the message's fault: it does not count as an attempt.
      await db.outboxMessage.update({
        where: { id },
        data: { status: "pending", attempts: attempts - 1, nextAttemptAt: new Date(at.getTime() + failure.seconds * 1000), lastError: error instanceof Error ? error.message : "429" },
      });
      return;
    }
    if (failure.kind === "permanent") {
      await db.outboxMessage.update({ where: { id }, data: { status: "failed", lastError: failure.reason } });
      if (failure.unreachable)
        await db.channelIdentity.updateMany({ where: { address, unreachableAt: null }, data: { unreachableAt: at, unreachableReason: failure.reason } });
      log.warn("delivery failed for good", { channel: parseAddress(address).channel, reason: failure.reason });
      return;
    }
    const dead = attempts >= DELIVERY.maxAttempts;
    await db.outboxMessage.update({
      where: { id },
      data: dead
        ? { status: "dead", lastError: failure.reason }
        : { status: "pending", lastError: failure.reason, nextAttemptAt: new Date(at.getTime() + backoffMs(attempts, random)) },
    });
    if (dead) log.error("delivery gave up after retries", { channel: parseAddress(address).channel, attempts, reason: failure.reason });
  }

  /**
   * Pending messages in sending order, a page at a time, after `after` (keyset paging: claims
   * made meanwhile do not shift the pages). Without the payloads: parsing hundreds of them on
   * every run cost ~10 ms while the bot was at its rate; the claim returns the one that goes.
   */
  function pendingPage(after: Candidate | undefined, limit: number) {
    return after
      ? db.$queryRaw<Candidate[]>`
          SELECT "id", "address", "attempts", "nextAttemptAt", "createdAt" FROM "OutboxMessage"
          WHERE "status" = 'pending' AND ("createdAt" > ${after.createdAt} OR ("createdAt" = ${after.createdAt} AND "id" > ${after.id}))
          ORDER BY "createdAt", "id" LIMIT ${limit}`
      : db.$queryRaw<Candidate[]>`
          SELECT "id", "address", "attempts", "nextAttemptAt", "createdAt" FROM "OutboxMessage"
          WHERE "status" = 'pending' ORDER BY "createdAt", "id" LIMIT ${limit}`;
  }

  let lastStaleCheck = -Infinity;

  async function deliverDue(): Promise<number> {
    const at = now();
    // (A clock set back also counts as time to look.)
    if (at.getTime() - lastStaleCheck >= DELIVERY.staleCheckMs || at.getTime() < lastStaleCheck) {
      lastStaleCheck = at.getTime();
      await db.outboxMessage.updateMany({
        where: { status: "sending", nextAttemptAt: { lt: new Date(at.getTime() - DELIVERY.staleSendingMs) } },
        data: { status: "pending" },
      });
    }
    const busy = new Set(
      (await db.$queryRaw<{ address: string }[]>`SELECT DISTINCT "address" FROM "OutboxMessage" WHERE "status" = 'sending'`).map((r) => r.address),
    );
    const channels = Object.keys(options.senders) as ChannelName[];
    /** Channels at their rate: nothing more goes to them in this run. */
    const full = new Set<ChannelName>();
    const seen = new Set<string>();
    let sent = 0;
    // A page a little larger than what may go now: the rest would only be skipped (the chats
    // waiting for their gap are at most a second's worth of sends); the next page follows if not.
    const room = Math.max(0, ...channels.map((c) => pacerFor(c).room(at.getTime())));
    const limit = Math.min(PAGE, 4 * room + 25);
    let after: Candidate | undefined;
    for (let read = 0; read < DELIVERY.batch * 5; read += limit) {
      const page = await pendingPage(after, limit);
      for (const row of page) {
        // Only the oldest pending message of a chat may go: later ones wait for it (order).
        if (seen.has(row.address) || busy.has(row.address)) continue;
        seen.add(row.address);
        if (new Date(row.nextAttemptAt) > at) continue;
        const { channel } = parseAddress(row.address);
        const send = options.senders[channel];
        if (!send || full.has(channel)) continue;
        const pacer = pacerFor(channel);
        const group = isGroupChat(row.address);
        if (pacer.waitMs(now().getTime()) > 0) {
          full.add(channel);
          continue;
        }
        if (!pacer.chatReady(row.address, group, now().getTime())) continue;
        // One statement, so that of two deliverers (two processes, or two runs) only one wins.
        // (Prisma's updateMany reads then writes, which is not a compare-and-set.)
        const [claimed] = await db.$queryRaw<{ payload: unknown }[]>`
          UPDATE "OutboxMessage" SET "status" = 'sending', "attempts" = "attempts" + 1
          WHERE "id" = ${row.id} AND "status" = 'pending' RETURNING "payload"`;
        if (!claimed) continue; // another deliverer took it
        // The pacing slot is taken now, when the message really goes (the claim may have waited
        // on a busy database); if the bot is at its rate, hand the message back.
        if (!pacer.tryTake(row.address, group, now().getTime())) {
          await db.$executeRaw`UPDATE "OutboxMessage" SET "status" = 'pending', "attempts" = "attempts" - 1 WHERE "id" = ${row.id}`;
          full.add(channel);
          continue;
        }
        await db.$executeRaw`UPDATE "OutboxMessage" SET "nextAttemptAt" = ${now()} WHERE "id" = ${row.id}`;
        try {
          const message = jsonColumn<OutboundMessage>(claimed.payload);
          await send({ address: row.address, message });
          if (message.photo)
            await db.$executeRaw`UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ${now()}, "lastError" = NULL, "payload" = ${JSON.stringify(withoutPictureBytes(message))} WHERE "id" = ${row.id}`;
          else await db.$executeRaw`UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ${now()}, "lastError" = NULL WHERE "id" = ${row.id}`;
          sent++;
        } catch (error) {
          await fail(row.id, row.address, Number(row.attempts) + 1, error, now());
        }
        if (sent >= DELIVERY.batch) return sent;
      }
      if (page.length < limit || channels.every((c) => full.has(c))) break;
      after = page.at(-1);
    }
    return sent;
  }

  function waitMs(): number {
    const at = now().getTime();
    let wait = Infinity;
    for (const channel of Object.keys(options.senders) as ChannelName[]) wait = Math.min(wait, pacerFor(channel).waitMs(at));
    return wait === Infinity ? 0 : wait;
  }

  return { deliverDue, waitMs };
}

/**
 * Runs `deliverDue` whenever woken (right after a commit that queued messages) and every
 * `intervalMs` for what became due meanwhile (backoffs, pacing), one run at a time. While the
 * bot is at its rate nothing can go, so a wake then only sets the next run for when the first
 * slot frees: under a burst of inbound messages the outbox is not read after every commit.
 */
export function startDeliveryLoop(deliverer: Deliverer, log: Logger, intervalMs = 1000) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const runIn = (ms: number) => {
    const at = Date.now() + ms;
    if (timer !== undefined && timerAt <= at) return; // an earlier run is already set
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      run();
    }, ms);
  };
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    const wait = deliverer.waitMs?.() ?? 0;
    if (wait > 0) return runIn(wait);
    clearTimeout(timer);
    timer = undefined;
    running = (async () => {
      try {
        // Keep going while a full batch went out: there may be more due.
        while ((await deliverer.deliverDue()) >= DELIVERY.batch && !stopped);
      } catch (error) {
        log.error("delivery loop failed", { error });
      }
    })().finally(() => {
      running = undefined;
      if (again && !stopped) {
        again = false;
        run();
      } else if (!stopped) runIn(intervalMs);
    });
  };
  run();
  return {
    wake: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
