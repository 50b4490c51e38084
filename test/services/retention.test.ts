import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import type { ServiceContext } from "../../src/services/context.js";
import { tick } from "../../src/services/scheduler/tick.js";
import { PRUNE_BATCH } from "../../src/services/retention.js";
import { freshDatabase } from "../support/database.js";
import type { Database } from "../../src/db/types.js";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-25T03:00:00Z");
const daysAgo = (d: number) => new Date(NOW - d * DAY);

let db: Database;
const ctxAt = (ms: number): ServiceContext => ({ db, now: () => new Date(ms), log: createLogger("silent"), actor: "scheduler", defaultTimezone: "Asia/Ho_Chi_Minh" });
beforeEach(async () => {
  db = (await freshDatabase()).db;
});
afterEach(() => db.$disconnect());

const message = (id: string, status: string, createdAt: Date, sentAt: Date | null = null) => ({
  id, address: "telegram:1", channel: "telegram", payload: { text: "x" }, status, nextAttemptAt: createdAt, createdAt, sentAt,
});

describe("retention", () => {
  it("the scheduler tick prunes each kind of bookkeeping row past its period and keeps the rest", async () => {
    await db.processedUpdate.createMany({ data: [{ channel: "telegram", updateId: "old", processedAt: daysAgo(8) }, { channel: "telegram", updateId: "new", processedAt: daysAgo(6) }] });
    await db.outboxMessage.createMany({
      data: [
        message("sent-old", "sent", daysAgo(100), daysAgo(91)),
        message("sent-new", "sent", daysAgo(100), daysAgo(89)),
        message("dead-old", "dead", daysAgo(181)),
        message("dead-new", "dead", daysAgo(100)),
        message("pending-old", "pending", daysAgo(365)), // never pruned: it still has to go
      ],
    });
    // A job run 13 days old still guards a fire the scheduler may look back to (14 days): kept.
    await db.jobRun.createMany({ data: [{ job: "open:w", instant: daysAgo(401), ranAt: daysAgo(401) }, { job: "open:w", instant: daysAgo(13), ranAt: daysAgo(13) }] });
    await db.jobRetry.createMany({
      data: [
        { job: "a", instant: daysAgo(100), dueAt: daysAgo(100), attempts: 10, nextAttemptAt: daysAgo(100), lastError: "x", givenUpAt: daysAgo(91) },
        { job: "b", instant: daysAgo(100), dueAt: daysAgo(100), attempts: 10, nextAttemptAt: daysAgo(100), lastError: "x", givenUpAt: daysAgo(10) },
        { job: "c", instant: daysAgo(100), dueAt: daysAgo(100), attempts: 2, nextAttemptAt: daysAgo(100), lastError: "x" },
      ],
    });
    await db.rateLimit.createMany({ data: [{ key: "old", windowStart: daysAgo(2), count: 3 }, { key: "new", windowStart: new Date(NOW - 60_000), count: 1 }] });
    await db.idempotencyKey.createMany({
      data: [{ actor: "admin", keyHash: "old", requestHash: "h", createdAt: daysAgo(1.1) }, { actor: "admin", keyHash: "new", requestHash: "h", createdAt: daysAgo(0.5) }],
    });
    const ward = await db.unit.create({ data: { name: "Phường A", kind: "ward" } });
    const member = await db.member.create({ data: { wardId: ward.id, name: "Nguyễn Văn A" } });
    await db.inviteCode.createMany({
      data: [
        { memberId: member.id, codeHash: "used-old", expiresAt: daysAgo(20), usedAt: daysAgo(31) },
        { memberId: member.id, codeHash: "expired-old", expiresAt: daysAgo(31) },
        { memberId: member.id, codeHash: "used-new", expiresAt: daysAgo(-5), usedAt: daysAgo(2) },
        { memberId: member.id, codeHash: "open", expiresAt: daysAgo(-10) },
      ],
    });

    await tick(ctxAt(NOW), new Date(NOW));

    expect((await db.processedUpdate.findMany()).map((r) => r.updateId)).toEqual(["new"]);
    expect((await db.outboxMessage.findMany({ orderBy: { id: "asc" } })).map((r) => r.id)).toEqual(["dead-new", "pending-old", "sent-new"]);
    expect((await db.jobRun.findMany()).map((r) => r.ranAt)).toEqual([daysAgo(13)]);
    expect((await db.jobRetry.findMany({ orderBy: { job: "asc" } })).map((r) => r.job)).toEqual(["b", "c"]);
    expect((await db.rateLimit.findMany()).map((r) => r.key)).toEqual(["new"]);
    expect((await db.idempotencyKey.findMany()).map((r) => r.keyHash)).toEqual(["new"]);
    expect((await db.inviteCode.findMany({ orderBy: { codeHash: "asc" } })).map((r) => r.codeHash)).toEqual(["open", "used-new"]);
  });

  it("works off a backlog in bounded batches, and prunes at most once an hour", async () => {
    const rows = PRUNE_BATCH * 2 + 37;
    await db.processedUpdate.createMany({ data: Array.from({ length: rows }, (_, i) => ({ channel: "zalo", updateId: `u${i}`, processedAt: daysAgo(30) })) });
    await tick(ctxAt(NOW), new Date(NOW));
    expect(await db.processedUpdate.count()).toBe(0);

    await db.processedUpdate.create({ data: { channel: "zalo", updateId: "later", processedAt: daysAgo(30) } });
    await tick(ctxAt(NOW + 60_000), new Date(NOW + 60_000));
    expect(await db.processedUpdate.count()).toBe(1); // within the hour: not yet
    await tick(ctxAt(NOW + 61 * 60_000), new Date(NOW + 61 * 60_000));
    expect(await db.processedUpdate.count()).toBe(0);
  });
});
