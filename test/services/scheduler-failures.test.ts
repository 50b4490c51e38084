import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import type { ServiceContext } from "../../src/services/context.js";
import { tick } from "../../src/services/scheduler/tick.js";
import { RETRY } from "../../src/services/scheduler/retries.js";
import { buildTestApp, type TestApp } from "../support/app.js";

// Failures are injected in the database itself, not in our code: a trigger that aborts the
// write (as a locked or broken database would refuse it), dropped again to "heal" it.

const MIN = 60_000;
let t: TestApp;
let clock: number;
const now = () => new Date(clock);
let ctx: ServiceContext;
let logs: { level: string; msg: string; attempts?: number }[];
const at = (iso: string) => Date.parse(iso);

beforeEach(async () => {
  clock = at("2026-11-22T00:00:00+07:00"); // Sunday
  t = await buildTestApp({ now });
  logs = [];
  ctx = { db: t.db, now, log: createLogger("info", (line) => void logs.push(JSON.parse(line))), actor: "scheduler", defaultTimezone: "Asia/Ho_Chi_Minh", delivery: t.delivery };
  const wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  await t.call("PUT", `/api/v1/wards/${wardId}/form`, { title: "Báo cáo tuần", questions: [{ key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer" }] });
  await t.call("PUT", `/api/v1/wards/${wardId}/schedule`, {
    enabled: true, opensAt: "0 8 * * 1", remindAt: ["0 18 * * 3", "0 8 * * 5"], dueAt: "0 17 * * 5", summaryAt: "0 8 * * 6",
  });
  for (const [i, name] of ["Nguyễn Văn Tuấn", "Trần Thị Nga"].entries()) {
    const group = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: `Tổ dân phố số ${i + 1}` })).body.id;
    const m = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name, role: "leader", groupId: group })).body;
    await t.db.channelIdentity.create({ data: { memberId: m.id, channel: "telegram", externalId: String(100 + i), address: `telegram:${100 + i}` } });
  }
});
afterEach(() => t.close());

async function tickAt(iso: string) {
  clock = at(iso);
  await tick(ctx, now());
  await t.delivery.settle();
}

async function runUntil(iso: string, stepMs: number) {
  while (clock < at(iso)) {
    clock = Math.min(clock + stepMs, at(iso));
    await tick(ctx, now());
  }
  await t.delivery.settle();
}

const fail = (name: string, table: string, when = "1") =>
  t.db.$executeRawUnsafe(`CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}" WHEN ${when} BEGIN SELECT RAISE(ABORT, 'database is locked'); END`);
const heal = (name: string) => t.db.$executeRawUnsafe(`DROP TRIGGER "${name}"`);
const opened = () => t.delivery.sent.filter((o) => o.message.text.includes("kỳ báo cáo Tuần 48/2026 đã mở"));

describe("a scheduled job that fails", () => {
  it("is not lost: an opening that hits 'database is locked' opens at the next tick, its prompts sent once", async () => {
    await tickAt("2026-11-23T07:59:00+07:00");
    await fail("locked", "Cycle");
    await tickAt("2026-11-23T08:00:30+07:00");
    expect(await t.db.cycle.count()).toBe(0);
    expect(await t.db.jobRetry.findMany()).toMatchObject([{ job: expect.stringMatching(/^open:/), attempts: 1, givenUpAt: null }]);
    expect(logs.some((l) => l.level === "warn" && l.msg.includes("tried again"))).toBe(true);

    await heal("locked");
    await tickAt("2026-11-23T08:01:30+07:00");
    const cycles = await t.db.cycle.findMany();
    expect(cycles.map((c) => c.label)).toEqual(["Tuần 48/2026"]);
    expect(cycles[0]!.dueAt.getTime()).toBe(at("2026-11-27T17:00:00+07:00"));
    expect(await t.db.jobRetry.count()).toBe(0);
    await runUntil("2026-11-23T12:00:00+07:00", 10 * MIN);
    expect(opened().map((o) => o.address).sort()).toEqual(["telegram:100", "telegram:101"]);
    expect(await t.db.cycle.count()).toBe(1);
  });

  it("is retried with growing gaps and given up after a bound, without holding back the ward's later jobs", async () => {
    await runUntil("2026-11-25T17:00:00+07:00", 15 * MIN); // the cycle is open
    await fail("broken_nudges", "OutboxMessage", `NEW."dedupeKey" LIKE 'nudge:%'`);
    await runUntil("2026-11-26T00:00:00+07:00", 5 * MIN); // Wednesday's reminder fails at every try
    await runUntil("2026-11-28T12:00:00+07:00", 30 * MIN); // and Friday's
    const retries = await t.db.jobRetry.findMany({ orderBy: { instant: "asc" } });
    expect(retries.map((r) => [r.job.split(":")[0], r.attempts, r.givenUpAt !== null])).toEqual([
      ["remind", RETRY.maxAttempts, true],
      ["remind", RETRY.maxAttempts, true],
    ]);
    // Tried ten times in about four hours, not every minute.
    const wednesday = retries[0]!;
    expect(wednesday.givenUpAt!.getTime() - at("2026-11-25T18:00:00+07:00")).toBeGreaterThan(3 * 60 * MIN);
    expect(logs.filter((l) => l.level === "error" && l.msg.includes("gave up"))).toHaveLength(2);
    // The deadline and the summary still came.
    expect((await t.db.cycle.findFirstOrThrow()).status).toBe("locked");
  }, 300_000); // an upper bound: D1 in workerd takes several times as long as SQLite
});

describe("opening a cycle and its prompts", () => {
  it("commit together: when queueing the prompts fails, nothing of the opening remains, and the next tick completes it once", async () => {
    await tickAt("2026-11-23T07:59:00+07:00");
    await fail("outbox_down", "OutboxMessage", `NEW."dedupeKey" LIKE 'cycle-open:%'`);
    await tickAt("2026-11-23T08:00:30+07:00");
    expect(await t.db.cycle.count()).toBe(0);
    expect(await t.db.report.count()).toBe(0);
    expect(await t.db.jobRun.count()).toBe(0);
    expect(await t.db.conversation.count()).toBe(0);
    expect(await t.db.outboxMessage.count()).toBe(0);

    await heal("outbox_down");
    await tickAt("2026-11-23T08:01:30+07:00");
    await tickAt("2026-11-23T08:30:00+07:00");
    expect(await t.db.cycle.count()).toBe(1);
    expect(await t.db.jobRun.count({ where: { job: { startsWith: "open:" } } })).toBe(1);
    expect(opened()).toHaveLength(2);
    const states = await t.db.conversation.findMany();
    expect(states.map((s) => (s.state as any).session?.cycleId)).toEqual([expect.any(String), expect.any(String)]);
  });
});
