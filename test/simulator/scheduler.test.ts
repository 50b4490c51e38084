import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import type { ServiceContext } from "../../src/services/context.js";
import { tick } from "../../src/services/scheduler/tick.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { reportingWard, type ReportingWard } from "../support/reporting-ward.js";
import { simulator } from "./support.js";

/**
 * A day of the ward's schedule (open 08:00, remind 10:00, due 12:00, summary 14:00) runs while a
 * simulator session is open: the scheduler opens, reminds, closes and summarises the real cycle
 * and never touches the preview one, though it is open, unanswered and (set so here) past its
 * deadline before the ward's: every job would have acted on it.
 */
let t: TestApp;
let clock: number;
const now = () => new Date(clock);
let ward: ReportingWard;

beforeEach(async () => {
  clock = Date.parse("2026-11-23T07:00:00+07:00"); // Monday
  t = await buildTestApp({ now });
  ward = await reportingWard(t, { groupCount: 2 });
  await t.call("PUT", `/api/v1/wards/${ward.wardId}/schedule`, {
    enabled: true, opensAt: "0 8 * * 1", remindAt: ["0 10 * * 1"], dueAt: "0 12 * * 1", summaryAt: "0 14 * * 1",
  });
  await t.call("POST", `/api/v1/wards/${ward.wardId}/destinations`, { channel: "telegram", chatId: "-1001", purpose: "summary" });
});
afterEach(() => t.close());

describe("the scheduler, while a simulator session is open", () => {
  it("opens, reminds, closes and summarises the real cycle only", async () => {
    const s = await simulator(t).start(ward.wardId, { memberId: ward.leaders[0]!.id });
    await s.say("12");
    const previewId = (await s.state()).cycle.id;
    await t.db.cycle.update({ where: { id: previewId }, data: { dueAt: new Date(Date.parse("2026-11-23T09:00:00+07:00")) } });
    const ctx: ServiceContext = { db: t.db, now, log: createLogger("silent"), actor: "scheduler", defaultTimezone: "Asia/Ho_Chi_Minh", delivery: t.delivery };
    const end = Date.parse("2026-11-23T15:00:00+07:00"); // after the summary
    while (clock < end) {
      clock += 15 * 60_000;
      await tick(ctx, now());
    }
    await t.delivery.settle();

    const cycles = await t.db.cycle.findMany({ orderBy: { opensAt: "asc" } });
    const real = cycles.find((c) => !c.preview)!;
    expect(real).toMatchObject({ status: "locked", openedAfter: ward.wardId });
    // The preview cycle: still open, its draft as typed, never nudged.
    expect(cycles.find((c) => c.id === previewId)).toMatchObject({ status: "open", closedAt: null });
    expect(await t.db.report.findMany({ where: { cycleId: previewId } })).toEqual([
      expect.objectContaining({ status: "in_progress", nudges: 0, answers: { ho_van_dong: 12 } }),
    ]);
    // Nothing went to the session's chat but its own conversation.
    const toSession = await t.db.outboxMessage.findMany({ where: { address: `web:${s.id}` } });
    expect(toSession.map((m) => (m.payload as { text: string }).text).join("\n")).not.toMatch(/nhắc|Tuần|tổng hợp/i);
    // The summary posted to the leaders' group counts the real week only.
    const summary = t.delivery.sent.find((m) => m.address === "telegram:-1001")!;
    expect(summary.message.text).toContain("Đã báo cáo: 0/2 tổ");
    expect(summary.message.text).not.toContain("Kỳ thử");
  }, 60_000);
});
