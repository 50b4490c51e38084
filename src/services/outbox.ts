import { parseAddress, type ChannelName, type Sender, DeliveryError } from "../channels/channel.js";
import type { OutboundMessage } from "../core/conversation/types.js";
import type { Logger } from "../core/logger.js";
import { capabilitiesOf, channelLabel } from "../channels/registry.js";
import { reachOf } from "../core/reach.js";
import { ChannelHealth, SendPacer, type PacingRules } from "../core/send-pacing.js";
import { isClash } from "../db/errors.js";
import { join, jsonColumn } from "../db/sql.js";
import type { Database } from "../db/types.js";
import type { DbOrTx } from "./context.js";
import { queueKeyedInBatch } from "./outbox-queue.js";
import { claimedPayloads, claimWrites, handBack, pacerOf, pickDue, readPacing, retake, SLOT_TOLERANCE_MS, type Candidate } from "./send-slots.js";

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
  /** Messages claimed by one run at most (D1 binds at most 100 parameters: the claim binds one per message). */
  batch: 90,
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
  /** How each channel this process sent on is doing (for GET /wards/{wardId}/channels). */
  health?(): Partial<Record<ChannelName, ChannelHealthSnapshot>>;
}

/** Claims tried in a row when other deliverers keep winning (each loss means they sent meanwhile). */
const CLAIM_ATTEMPTS = 5;

export type ChannelHealthSnapshot = ReturnType<ChannelHealth["snapshot"]>;

/**
 * What the deliverer keeps per channel: its pacing rules (its capabilities), the pacing as last
 * read or claimed (to know when to look again; the database's row decides), and whether it is up.
 */
interface Lane {
  channel: ChannelName;
  rules: PacingRules;
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
      const rules = options.pacing?.[channel] ?? capabilities.pacing;
      lane = {
        channel,
        rules,
        pacer: new SendPacer(rules),
        health: new ChannelHealth(DELIVERY.channel),
        isGroupChat: capabilities.isGroupChat,
      };
      lanes.set(channel, lane);
    }
    return lane;
  };
  const { db, log } = options;
  const groupAddress = (lane: Lane) => (address: string) => lane.isGroupChat(parseAddress(address).chatId);
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
    const pausedUntil = lane.health.failedTransiently(at.getTime(), random, failure.reason);
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

  /**
   * The messages that go now on the channel, claimed with their pacing slots in one batch (see
   * send-slots.ts); a batch that lost to another deliverer is decided again on fresh reads.
   */
  async function claimDue(lane: Lane, at: Date) {
    for (let attempt = 1; ; attempt++) {
      const read = await readPacing(db, lane.channel);
      const pacer = pacerOf(lane.rules, read);
      lane.pacer = pacer;
      const picked = await pickDue(db, lane.channel, pacer, groupAddress(lane), at, DELIVERY.batch);
      if (!picked.length) return { claimed: [], payloads: new Map<string, unknown>() };
      try {
        await db.$transaction(claimWrites(db, lane.channel, read, pacer.slots(at.getTime()), picked, at));
        return { claimed: picked, payloads: await claimedPayloads(db, picked.map((p) => p.id)) };
      } catch (error) {
        if (!isClash(error) || attempt >= CLAIM_ATTEMPTS) throw error;
      }
    }
  }

  async function deliverChannel(channel: ChannelName): Promise<number> {
    const send = options.senders[channel];
    if (!send) return 0;
    const lane = laneOf(channel);
    const { health } = lane;
    let at = now();
    if (health.waitMs(at.getTime()) > 0 || lane.pacer.waitMs(at.getTime()) > 0) return 0;
    await recoverStale(at);
    const claim = await claimDue(lane, at);
    let claimed = claim.claimed;
    const { payloads } = claim;
    if (!claimed.length) return 0;
    let sent = 0;
    const sendOne = async (row: Candidate) => {
      let message: OutboundMessage | undefined;
      try {
        message = jsonColumn<OutboundMessage>(payloads.get(row.id));
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
    };
    // One at a time (sent side by side, a busy event loop let a batch reach the platform late,
    // together with the next second's: 47 in 950 ms in the webhook benchmark); what a pause
    // leaves unsent is handed back unspent. Held back past their slots (a busy database or event
    // loop, slow sends before them), the rest take their slots again for when they really go.
    for (let i = 0, retakes = 0; i < claimed.length; ) {
      const rest = claimed.slice(i);
      if (health.waitMs(now().getTime()) > 0) {
        await handBack(db, rest.map((c) => c.id));
        break;
      }
      if (now().getTime() - at.getTime() > SLOT_TOLERANCE_MS && retakes++ < 5) {
        let go: Candidate[];
        ({ go, at } = await retake(db, channel, lane.rules, rest, at, now, groupAddress(lane)));
        claimed = [...claimed.slice(0, i), ...go];
        continue;
      }
      await sendOne(claimed[i++]!);
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

  const health = () => Object.fromEntries([...lanes].map(([channel, lane]) => [channel, lane.health.snapshot(now().getTime())]));

  return { channels, deliverDue, waitMs, health };
}
