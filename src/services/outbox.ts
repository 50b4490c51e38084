import { parseAddress, type ChannelName, type Sender, DeliveryError } from "../channels/channel.js";
import type { OutboundMessage } from "../core/conversation/types.js";
import type { Logger } from "../core/logger.js";
import { capabilitiesOf, channelLabel } from "../channels/registry.js";
import { reachOf } from "../core/reach.js";
import { ChannelHealth, SendPacer, type PacingRules } from "../core/send-pacing.js";
import { jsonColumn } from "../db/sql.js";
import type { Database } from "../db/types.js";
import type { DbOrTx } from "./context.js";
import { queueKeyedInBatch } from "./outbox-queue.js";

/**
 * The durable outbox. Messages are written in the batch of the change that caused them
 * (outbox-queue.ts) and sent later by `deliverDue`, in order per chat, paced, retried with backoff, and given up
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
  /** A channel is taken as down after this many transient failures in a row, and paused. */
  channel: { downAfter: 3, basePauseMs: 5_000, maxPauseMs: 5 * 60_000 },
};

/**
 * A sent message as kept for the record: a picture's bytes (a few hundred KB each week, and
 * drawable again from the cycle) are dropped, its name and caption stay; so is its fallback,
 * which will never be needed.
 */
function forTheRecord(message: OutboundMessage): OutboundMessage {
  const { fallback: _unneeded, ...kept } = message;
  if (!kept.photo) return kept;
  const { base64: _bytes, ...photo } = kept.photo;
  return { ...kept, photo };
}

/**
 * How a message that failed for good is marked, and its fallback queued (a best-effort group's
 * summary going 1:1 to the chairs) in the same batch: each copy keyed on the failed message, so
 * it is queued once however often this runs. The row keeps the platform's reason and says
 * where the message went instead (GET /api/v1/deliveries).
 */
function failedForGood(db: DbOrTx, id: string, message: OutboundMessage | undefined, status: "failed" | "dead", reason: string, at: Date) {
  const fallback = message?.fallback ?? [];
  const lastError = fallback.length ? `${reason}; đã gửi thay bằng tin nhắn riêng tới ${fallback.length} người nhận` : reason;
  return [
    // updateMany: a statement of a batch reads no result (src/db/batching-adapter.ts).
    db.outboxMessage.updateMany({ where: { id }, data: { status, lastError } }),
    ...(fallback.length ? [queueKeyedInBatch(db, at, fallback, (item) => `fallback:${id}:${item.address}`)] : []),
  ];
}

/** A message sent on to another channel of the person: as it was, without its group fallback. */
function forwarded(message: OutboundMessage): OutboundMessage {
  const { fallback: _group, ...kept } = message;
  return kept;
}

export function backoffMs(attempts: number, random: () => number): number {
  const base = Math.min(DELIVERY.baseBackoffMs * 2 ** (attempts - 1), DELIVERY.maxBackoffMs);
  return Math.round(base * (0.5 + random())); // jitter: 50–150 %
}

export interface Deliverer {
  /** The channels it sends on now (those with a sender); startDeliveryLoop runs each on its own. */
  channels?(): ChannelName[];
  /** Sends what is due now on one channel, or on all; returns how many messages were sent. */
  deliverDue(channel?: ChannelName): Promise<number>;
  /** Milliseconds until the channel (or any) may send at all (0: now): no use looking before. */
  waitMs?(channel?: ChannelName): number;
}

interface Candidate {
  id: string;
  address: string;
  attempts: number | bigint;
  nextAttemptAt: Date | string;
  createdAt: Date | string;
}

/** Pending messages read at a time; a run reads at most DELIVERY.batch * 5 of them per channel. */
const PAGE = 100;

/** What the deliverer keeps per channel: its pacing (its capabilities) and whether it is up. */
interface Lane {
  channel: ChannelName;
  pacer: SendPacer;
  health: ChannelHealth;
  isGroupChat: (chatId: string) => boolean;
}

export function createDeliverer(options: {
  db: Database;
  senders: Partial<Record<ChannelName, Sender>>;
  log: Logger;
  now?: () => Date;
  random?: () => number;
  /** Pacing per channel instead of the channel's own (tests). */
  pacing?: Partial<Record<ChannelName, PacingRules>>;
}): Deliverer {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const lanes = new Map<ChannelName, Lane>();
  const laneOf = (channel: ChannelName) => {
    let lane = lanes.get(channel);
    if (!lane) {
      const capabilities = capabilitiesOf(channel);
      lane = {
        channel,
        pacer: new SendPacer(options.pacing?.[channel] ?? capabilities.pacing),
        health: new ChannelHealth(DELIVERY.channel),
        isGroupChat: capabilities.isGroupChat,
      };
      lanes.set(channel, lane);
    }
    return lane;
  };
  const { db, log } = options;
  const channels = () => (Object.keys(options.senders) as ChannelName[]).filter((c) => options.senders[c]);

  /**
   * The person's other bound account that a message refused here should go to: among their
   * reachable accounts on channels this server sends on, the one core/reach.ts picks; none for
   * a group chat or a person bound nowhere else.
   */
  async function reachInstead(address: string) {
    const identity = await db.channelIdentity.findFirst({ where: { address }, select: { memberId: true } });
    if (!identity) return undefined;
    const member = await db.member.findUnique({
      where: { id: identity.memberId },
      select: { preferredChannel: true, lastChannel: true, identities: { select: { channel: true, address: true, boundAt: true, unreachableAt: true } } },
    });
    if (!member) return undefined;
    const others = member.identities.filter((i) => i.address !== address && i.unreachableAt === null && options.senders[i.channel as ChannelName]);
    return reachOf(others, member);
  }

  async function fail(lane: Lane, id: string, address: string, message: OutboundMessage | undefined, attempts: number, error: unknown, at: Date) {
    const failure = error instanceof DeliveryError ? error.failure : { kind: "transient" as const, reason: String((error as Error)?.message ?? error) };
    if (failure.kind === "retry_after") {
      // Not the message's fault: it does not count as an attempt. The platform asks the bot to
      // slow down: the whole channel waits, other channels do not (nor other chats, when only
      // this chat must wait).
      const until = at.getTime() + failure.seconds * 1000;
      if (failure.scope !== "chat") lane.health.pauseUntil(until);
      await db.outboxMessage.update({
        where: { id },
        data: { status: "pending", attempts: attempts - 1, nextAttemptAt: new Date(until), lastError: failure.reason ?? (error instanceof Error ? error.message : "429") },
      });
      return;
    }
    if (failure.kind === "permanent") {
      // A person this channel can no longer reach gets the message on another channel they are
      // bound on and reachable there (the one core/reach.ts picks), once: keyed on this message.
      const instead = failure.unreachable && message ? await reachInstead(address) : undefined;
      const reason = instead ? `${failure.reason}; đã gửi thay qua ${channelLabel(instead.channel)}` : failure.reason;
      await db.$transaction([
        ...failedForGood(db, id, message, "failed", reason, at),
        ...(failure.unreachable
          ? [db.channelIdentity.updateMany({ where: { address, unreachableAt: null }, data: { unreachableAt: at, unreachableReason: failure.reason } })]
          : []),
        ...(instead && message ? [queueKeyedInBatch(db, at, [{ address: instead.address, message: forwarded(message) }], () => `reach:${id}`)] : []),
      ]);
      log.warn("delivery failed for good", { channel: lane.channel, reason: failure.reason, rerouted: instead?.channel });
      return;
    }
    // Many in a row: the channel looks down and pauses as a whole (its next try is one message,
    // after the pause), so an outage costs a few attempts rather than every queued message's.
    const pausedUntil = lane.health.failedTransiently(at.getTime(), random);
    if (pausedUntil !== undefined) log.warn("channel looks down; pausing its deliveries", { channel: lane.channel, pauseMs: pausedUntil - at.getTime(), reason: failure.reason });
    const dead = attempts >= DELIVERY.maxAttempts;
    if (dead) await db.$transaction(failedForGood(db, id, message, "dead", failure.reason, at));
    else
      await db.outboxMessage.update({
        where: { id },
        data: { status: "pending", lastError: failure.reason, nextAttemptAt: new Date(at.getTime() + backoffMs(attempts, random)) },
      });
    if (dead) log.error("delivery gave up after retries", { channel: lane.channel, attempts, reason: failure.reason });
  }

  /**
   * A channel's pending messages in sending order, a page at a time, after `after` (keyset
   * paging: claims made meanwhile do not shift the pages), along the (status, channel,
   * createdAt, id) index: no sort, and other channels' rows are never read. Without the
   * payloads: parsing hundreds of them on every run cost ~10 ms while the bot was at its rate;
   * the claim returns the one that goes.
   */
  function pendingPage(channel: ChannelName, after: Candidate | undefined, limit: number) {
    return after
      ? db.$queryRaw<Candidate[]>`
          SELECT "id", "address", "attempts", "nextAttemptAt", "createdAt" FROM "OutboxMessage"
          WHERE "status" = 'pending' AND "channel" = ${channel} AND ("createdAt" > ${after.createdAt} OR ("createdAt" = ${after.createdAt} AND "id" > ${after.id}))
          ORDER BY "createdAt", "id" LIMIT ${limit}`
      : db.$queryRaw<Candidate[]>`
          SELECT "id", "address", "attempts", "nextAttemptAt", "createdAt" FROM "OutboxMessage"
          WHERE "status" = 'pending' AND "channel" = ${channel} ORDER BY "createdAt", "id" LIMIT ${limit}`;
  }

  let lastStaleCheck = -Infinity;

  /** Hands back messages left "sending" by a process that died (not on every run: see staleCheckMs). */
  async function recoverStale(at: Date) {
    // (A clock set back also counts as time to look.)
    if (at.getTime() - lastStaleCheck < DELIVERY.staleCheckMs && at.getTime() >= lastStaleCheck) return;
    lastStaleCheck = at.getTime();
    await db.outboxMessage.updateMany({
      where: { status: "sending", nextAttemptAt: { lt: new Date(at.getTime() - DELIVERY.staleSendingMs) } },
      data: { status: "pending" },
    });
  }

  async function deliverChannel(channel: ChannelName): Promise<number> {
    const send = options.senders[channel];
    if (!send) return 0;
    const lane = laneOf(channel);
    const { pacer, health } = lane;
    const at = now();
    if (health.waitMs(at.getTime()) > 0 || pacer.waitMs(at.getTime()) > 0) return 0;
    await recoverStale(at);
    const busy = new Set(
      (await db.$queryRaw<{ address: string }[]>`SELECT DISTINCT "address" FROM "OutboxMessage" WHERE "status" = 'sending' AND "channel" = ${channel}`).map((r) => r.address),
    );
    const seen = new Set<string>();
    let sent = 0;
    // A page a little larger than what may go now: the rest would only be skipped (the chats
    // waiting for their gap are at most a second's worth of sends); the next page follows if not.
    const limit = Math.min(PAGE, 4 * pacer.room(at.getTime()) + 25);
    let after: Candidate | undefined;
    for (let read = 0; read < DELIVERY.batch * 5; read += limit) {
      const page = await pendingPage(channel, after, limit);
      for (const row of page) {
        // Only the oldest pending message of a chat may go: later ones wait for it (order).
        if (seen.has(row.address) || busy.has(row.address)) continue;
        seen.add(row.address);
        if (new Date(row.nextAttemptAt) > at) continue;
        const group = lane.isGroupChat(parseAddress(row.address).chatId);
        // At its rate, or paused by a failure in this run: the channel is done for now.
        if (pacer.waitMs(now().getTime()) > 0 || health.waitMs(now().getTime()) > 0) return sent;
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
          return sent;
        }
        await db.$executeRaw`UPDATE "OutboxMessage" SET "nextAttemptAt" = ${now()} WHERE "id" = ${row.id}`;
        let message: OutboundMessage | undefined;
        try {
          message = jsonColumn<OutboundMessage>(claimed.payload);
          const outcome = await send({ address: row.address, message });
          health.succeeded();
          // A picture refused for good is noted on the sent row, for admins; the text went.
          const note = outcome?.photoRefused ? `photo not sent: ${outcome.photoRefused}` : null;
          if (message.photo || message.fallback)
            await db.$executeRaw`UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ${now()}, "lastError" = ${note}, "payload" = ${JSON.stringify(forTheRecord(message))} WHERE "id" = ${row.id}`;
          else await db.$executeRaw`UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ${now()}, "lastError" = NULL WHERE "id" = ${row.id}`;
          sent++;
        } catch (error) {
          await fail(lane, row.id, row.address, message, Number(row.attempts) + 1, error, now());
        }
        if (sent >= DELIVERY.batch) return sent;
      }
      if (page.length < limit) break;
      after = page.at(-1);
    }
    return sent;
  }

  async function deliverDue(channel?: ChannelName): Promise<number> {
    if (channel) return deliverChannel(channel);
    // Side by side: a slow channel does not hold the others' sends back.
    const counts = await Promise.all(channels().map(deliverChannel));
    return counts.reduce((a, b) => a + b, 0);
  }

  function waitMs(channel?: ChannelName): number {
    const at = now().getTime();
    const laneWait = (c: ChannelName) => Math.max(laneOf(c).pacer.waitMs(at), laneOf(c).health.waitMs(at));
    if (channel) return laneWait(channel);
    const waits = channels().map(laneWait);
    return waits.length ? Math.min(...waits) : 0;
  }

  return { channels, deliverDue, waitMs };
}
