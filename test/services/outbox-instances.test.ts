/**
 * Pacing across instances: two deliverers (as two Node instances on one libSQL database, or two
 * Workers isolates on one D1, each with its own pacing state in memory) send from one outbox at
 * the same moments, their reads and claims interleaving. (They share one client: two SQLite
 * connections in one process would wait on each other's write lock while holding the thread.) Together they must keep the bot's rate in every one-second span and each
 * chat's gap, send each message once, and keep each chat's order.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Outgoing } from "../../src/channels/channel.js";
import { telegramCapabilities } from "../../src/channels/telegram/capabilities.js";
import { createLogger } from "../../src/core/logger.js";
import type { Database } from "../../src/db/types.js";
import { createDeliverer } from "../../src/services/outbox.js";
import { queueTimedMessages } from "../../src/services/outbox-queue.js";
import { freshDatabase } from "../support/database.js";

let db: Database;
let clock: number;
const sends: { at: number; address: string; text: string; by: number }[] = [];

beforeEach(async () => {
  ({ db } = await freshDatabase());
  clock = Date.parse("2026-11-23T01:00:00Z");
  sends.length = 0;
});
afterEach(() => db.$disconnect());

const { perSecond, privateGapMs, groupGapMs } = telegramCapabilities.pacing;

describe("two deliverers on one database", () => {
  it("together stay within the bot's rate and each chat's gap, and send each message once, in order", async () => {
    // 60 private chats with 3 messages each and 4 groups with 5 each: 200 messages.
    const items = [
      ...Array.from({ length: 3 * 60 }, (_, i) => ({ address: `telegram:${1 + (i % 60)}`, text: `tin ${i}` })),
      ...Array.from({ length: 5 * 4 }, (_, i) => ({ address: `telegram:-100${i % 4}`, text: `nhóm ${i}` })),
    ];
    await queueTimedMessages(
      db,
      items.map((item) => ({ address: item.address, message: { text: item.text }, at: new Date(clock) })),
    );
    const deliverers = [0, 1].map((by) =>
      createDeliverer({
        db,
        log: createLogger("silent"),
        now: () => new Date(clock),
        senders: { telegram: async (item: Outgoing) => void sends.push({ at: clock, address: item.address, text: item.message.text, by }) },
      }),
    );
    // Both look at the same instants, every 130 ms, until everything went (or 60 simulated s);
    // which starts first is drawn (a fixed sequence of pseudo-random draws).
    let seed = 7;
    for (let step = 0; sends.length < items.length && step < 460; step++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      await Promise.all(((seed >> 16) & 1 ? [...deliverers].reverse() : deliverers).map((d) => d.deliverDue()));
      clock += 130;
    }

    if (process.env.WARDBOT_TEST_VERBOSE) console.log(sends.map((s) => `${s.at - sends[0]!.at} ${s.by} ${s.address}`).join("\n"));
    // Each message once.
    expect(sends.map((s) => s.text).sort()).toEqual(items.map((i) => i.text).sort());
    // Both really sent (the test is about their sum).
    expect(new Set(sends.map((s) => s.by)).size).toBe(2);
    // The bot's rate in every one-second span.
    const busiest = Math.max(...sends.map((s) => sends.filter((x) => x.at >= s.at && x.at < s.at + 1000).length));
    expect(busiest).toBeLessThanOrEqual(perSecond);
    // Each chat's gap, and its order.
    const byChat = new Map<string, typeof sends>();
    for (const s of sends) byChat.set(s.address, [...(byChat.get(s.address) ?? []), s]);
    for (const [address, list] of byChat) {
      const gap = address.startsWith("telegram:-") ? groupGapMs : privateGapMs;
      for (let k = 1; k < list.length; k++) expect(list[k]!.at - list[k - 1]!.at).toBeGreaterThanOrEqual(gap);
      const queued = items.filter((i) => i.address === address).map((i) => i.text);
      expect(list.map((s) => s.text)).toEqual(queued);
    }
    // And at the rate, not slower: the 180 private messages in about 180 / 25 = 7.2 s (the
    // groups' last messages wait their 3 s gaps after that).
    const privateSends = sends.filter((s) => !s.address.startsWith("telegram:-"));
    expect(privateSends.at(-1)!.at - sends[0]!.at).toBeLessThan(8_000);
  });
});
