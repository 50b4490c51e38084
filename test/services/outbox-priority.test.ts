/**
 * Replies before bulk sends: a leader's answer must not wait behind a cycle's hundreds of opening
 * prompts. On real SQLite, with Telegram's own pacing (25 a second, a second between two messages
 * to a private chat), a reply queued after the bulk goes in the next slot; bulk keeps its order
 * and fills every slot the replies leave.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Outgoing } from "../../src/channels/channel.js";
import { createLogger } from "../../src/core/logger.js";
import { sql } from "../../src/db/sql.js";
import type { Database } from "../../src/db/types.js";
import { createDeliverer } from "../../src/services/outbox.js";
import { queueTimedMessages, type Priority } from "../../src/services/outbox-queue.js";
import { pendingPageSql } from "../../src/services/send-slots.js";
import { freshDatabase } from "../support/database.js";

let db: Database;
let clock: number;
const sent: string[] = [];

beforeEach(async () => {
  ({ db } = await freshDatabase());
  clock = Date.parse("2026-11-23T01:00:00Z");
  sent.length = 0;
});
afterEach(() => db.$disconnect());

const deliverer = () =>
  createDeliverer({
    db,
    log: createLogger("silent"),
    now: () => new Date(clock),
    senders: { telegram: async (item: Outgoing) => void sent.push(`${item.address} ${item.message.text}`) },
  });

const queue = (priority: Priority, items: [address: string, text: string][]) =>
  queueTimedMessages(
    db,
    items.map(([address, text]) => ({ address, message: { text }, at: new Date(clock) })),
    priority,
  );

const bulk = (from: number, count: number) => Array.from({ length: count }, (_, i): [string, string] => [`telegram:${from + i}`, `Câu 1/4 (${from + i})`]);

describe("replies before bulk sends", () => {
  it("sends a reply queued after 300 prompts in the next slot, and the prompts in their order in every slot left", async () => {
    await queue("bulk", bulk(1, 300));
    clock += 5;
    await queue("reply", [["telegram:900", "Câu 2/4"]]);
    const d = deliverer();
    await d.deliverDue();
    // The bot's 25 slots of this second: the reply first, then the first 24 prompts.
    expect(sent).toEqual(["telegram:900 Câu 2/4", ...bulk(1, 24).map((b) => b.join(" "))]);

    // A second later another leader answers while 276 prompts still wait: again first.
    clock += 1000;
    await queue("reply", [["telegram:901", "Câu 3/4"]]);
    sent.length = 0;
    await d.deliverDue();
    expect(sent).toEqual(["telegram:901 Câu 3/4", ...bulk(25, 24).map((b) => b.join(" "))]);

    // Bulk alone fills the whole rate, in its queueing order.
    sent.length = 0;
    while (sent.length < 300 - 48) {
      clock += 1000;
      const n = await d.deliverDue();
      expect(n).toBe(Math.min(25, 300 - 48 - (sent.length - n)));
    }
    expect(sent).toEqual(bulk(49, 252).map((b) => b.join(" ")));
  });

  it("keeps a chat's order: a reply behind an older prompt to the same chat takes that prompt along first", async () => {
    await queue("bulk", [["telegram:7", "Câu 1/4"], ...bulk(100, 50)]);
    clock += 5;
    await queue("reply", [["telegram:7", "Cảm ơn, đã ghi nhận"]]);
    const d = deliverer();
    await d.deliverDue();
    expect(sent[0]).toBe("telegram:7 Câu 1/4");
    expect(sent).not.toContain("telegram:7 Cảm ơn, đã ghi nhận"); // a second after it, not sooner
    clock += 1000;
    sent.length = 0;
    await d.deliverDue();
    expect(sent[0]).toBe("telegram:7 Cảm ơn, đã ghi nhận");
  });

  it("reads the claim's pages along the (status, channel, priority, createdAt, id) index, without sorting", async () => {
    for (const after of [undefined, { id: "0", createdAt: new Date(clock) }]) {
      const plan = await db.$queryRaw<{ detail: string }[]>(sql`EXPLAIN QUERY PLAN ${pendingPageSql("telegram", 0, after, 25)}`);
      const details = plan.map((p) => p.detail).join(" | ");
      expect(details).toContain("USING INDEX OutboxMessage_status_channel_priority_createdAt_id_idx (status=? AND channel=? AND priority=?");
      expect(details).not.toContain("TEMP B-TREE");
    }
  });
});
