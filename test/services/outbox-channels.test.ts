/**
 * One channel's backlog must not hold another back: the real delivery loop (its own timers)
 * on a real SQLite file, with 1,000 messages stuck on Zalo and one Telegram message queued
 * after them, which must reach the Telegram sender within a second.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeliveryError, type Outgoing, type Sender } from "../../src/channels/channel.js";
import { createLogger } from "../../src/core/logger.js";
import type { Database } from "../../src/db/types.js";
import { startDeliveryLoop } from "../../src/services/delivery-loop.js";
import { createDeliverer, DELIVERY } from "../../src/services/outbox.js";
import { queueTimedMessages } from "../../src/services/outbox-queue.js";
import { freshDatabase } from "../support/database.js";

let db: Database;
let loop: ReturnType<typeof startDeliveryLoop> | undefined;
const log = createLogger("silent");

beforeEach(async () => {
  ({ db } = await freshDatabase());
});
afterEach(async () => {
  await loop?.stop();
  loop = undefined;
  await db.$disconnect();
});

/** 1,000 Zalo messages to 1,000 chats, then (a millisecond later) one to a Telegram chair. */
async function queueBacklog() {
  const at = new Date(Date.now() - 60_000);
  await queueTimedMessages(
    db,
    Array.from({ length: 1000 }, (_, i) => ({ address: `zalo:u${i}`, message: { text: `Nhắc báo cáo ${i}` }, at })),
  );
  await queueTimedMessages(db, [{ address: "telegram:900", message: { text: "Tổng hợp Tuần 48" }, at: new Date(at.getTime() + 1) }]);
}

/** Starts the real loop with the channels' own pacing; resolves with how long Telegram's message took. */
async function telegramLatency(zalo: Sender | undefined): Promise<{ ms: number; received: Outgoing[] }> {
  const received: Outgoing[] = [];
  let arrived!: () => void;
  const done = new Promise<void>((resolve) => (arrived = resolve));
  const senders = {
    telegram: async (item: Outgoing) => {
      received.push(item);
      arrived();
    },
    ...(zalo ? { zalo } : {}),
  };
  const started = performance.now();
  loop = startDeliveryLoop(createDeliverer({ db, senders, log }), log);
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 3000));
  await Promise.race([done, timeout]);
  const ms = performance.now() - started;
  if (process.env.WARDBOT_TEST_VERBOSE) console.log(`telegram message after ${ms.toFixed(1)} ms`);
  return { ms, received };
}

describe("delivery across channels", () => {
  it("sends a Telegram message within a second behind 1,000 Zalo messages that have no sender", async () => {
    await queueBacklog();
    const { ms, received } = await telegramLatency(undefined);
    expect(received.map((r) => `${r.address} ${r.message.text}`)).toEqual(["telegram:900 Tổng hợp Tuần 48"]);
    expect(ms).toBeLessThan(1000);
    expect(await db.outboxMessage.count({ where: { channel: "zalo", status: "pending" } })).toBe(1000);
  });

  it("sends it within a second while Zalo is down (every send fails), and pauses Zalo as a whole", async () => {
    await queueBacklog();
    let zaloTries = 0;
    const { ms, received } = await telegramLatency(async () => {
      zaloTries++;
      await new Promise((r) => setTimeout(r, 20));
      throw new DeliveryError({ kind: "transient", reason: "network: ECONNREFUSED" });
    });
    expect(received).toHaveLength(1);
    expect(ms).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 1000));
    // Down after a few failures in a row: not one attempt per queued message.
    expect(zaloTries).toBe(DELIVERY.channel.downAfter);
    expect(await db.outboxMessage.count({ where: { channel: "zalo", attempts: { gt: 0 } } })).toBe(DELIVERY.channel.downAfter);
  });

  it("sends it within a second while Zalo hangs on a send", async () => {
    await queueBacklog();
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    try {
      const { ms, received } = await telegramLatency(() => hung);
      expect(received).toHaveLength(1);
      expect(ms).toBeLessThan(1000);
    } finally {
      release();
    }
  });

  it("sends it within a second while Zalo answers 429 retry_after, and leaves Zalo alone until then", async () => {
    await queueBacklog();
    let zaloTries = 0;
    const { ms, received } = await telegramLatency(async () => {
      zaloTries++;
      throw new DeliveryError({ kind: "retry_after", seconds: 30 });
    });
    expect(received).toHaveLength(1);
    expect(ms).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(zaloTries).toBe(1);
    const tried = await db.outboxMessage.findFirstOrThrow({ where: { address: "zalo:u0" } });
    expect(tried).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("paces each channel by its own capabilities: rate per bot, and the gap of its group chats", async () => {
    let clock = Date.parse("2026-11-23T01:00:00Z");
    const at = new Date(clock);
    const sent: string[] = [];
    const record = async (item: Outgoing) => void sent.push(item.address);
    const d = createDeliverer({ db, log, now: () => new Date(clock), senders: { telegram: record, zalo: record } });
    await queueTimedMessages(db, [
      ...Array.from({ length: 40 }, (_, i) => ({ address: `zalo:u${i}`, message: { text: "z" }, at })),
      ...Array.from({ length: 40 }, (_, i) => ({ address: `telegram:${i + 1}`, message: { text: "t" }, at })),
    ]);
    await d.deliverDue();
    // Zalo's record: 10 a second; Telegram's: 25.
    expect(sent.filter((a) => a.startsWith("zalo:"))).toHaveLength(10);
    expect(sent.filter((a) => a.startsWith("telegram:"))).toHaveLength(25);

    sent.length = 0;
    await db.outboxMessage.deleteMany();
    clock += 60_000;
    await queueTimedMessages(db, ["g:ubnd", "g:ubnd", "u7", "u7"].map((chat) => ({ address: `zalo:${chat}`, message: { text: "z" }, at: new Date(clock) })));
    await d.deliverDue();
    clock += 1000;
    await d.deliverDue();
    // A Zalo group ("g:" in the adapter's ids) waits the group gap (3 s); a private chat 1 s.
    expect(sent).toEqual(["zalo:g:ubnd", "zalo:u7", "zalo:u7"]);
    clock += 2000;
    await d.deliverDue();
    expect(sent).toEqual(["zalo:g:ubnd", "zalo:u7", "zalo:u7", "zalo:g:ubnd"]);
  });
});
