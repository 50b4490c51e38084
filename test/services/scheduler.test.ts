import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import type { ServiceContext } from "../../src/services/context.js";
import { tick } from "../../src/services/scheduler/tick.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";

const MIN = 60_000;
let t: TestApp;
let clock: number;
const now = () => new Date(clock);
let ctx: ServiceContext;
let wardId: string;
let groups: string[];

const at = (iso: string) => Date.parse(iso);

beforeEach(async () => {
  clock = at("2026-11-22T00:00:00+07:00"); // Sunday
  t = await buildTestApp({ now });
  ctx = { db: t.db, now, log: createLogger("silent"), actor: "scheduler", defaultTimezone: "Asia/Ho_Chi_Minh", delivery: t.delivery };
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  await t.call("PUT", `/api/v1/wards/${wardId}/form`, {
    title: "Báo cáo tuần",
    questions: [{ key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer" }],
  });
  const schedule = await t.call("PUT", `/api/v1/wards/${wardId}/schedule`, {
    enabled: true, opensAt: "0 8 * * 1", remindAt: ["0 18 * * 3", "0 8 * * 5"], dueAt: "0 17 * * 5", summaryAt: "0 8 * * 6",
  });
  expect(schedule.status).toBe(200);
  groups = [];
  for (const [i, name] of ["Nguyễn Văn Tuấn", "Trần Thị Nga"].entries()) {
    const group = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: `Tổ dân phố số ${i + 1}` })).body.id;
    groups.push(group);
    const m = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name, role: "leader", groupId: group })).body;
    await t.db.channelIdentity.create({ data: { memberId: m.id, channel: "telegram", externalId: String(100 + i), address: `telegram:${100 + i}` } });
  }
});
afterEach(() => t.close());

async function runUntil(iso: string, stepMs = 15 * MIN, onTick?: () => Promise<void>) {
  const end = at(iso);
  while (clock < end) {
    clock = Math.min(clock + stepMs, end);
    await tick(ctx, now());
    await onTick?.();
  }
  await t.delivery.settle();
}

const sentTo = (chat: string, text: string) => t.delivery.sent.filter((o) => o.address === `telegram:${chat}` && o.message.text.includes(text));

describe("the scheduler", () => {
  it("opens, reminds only non-submitters, and closes each week exactly once", async () => {
    await runUntil("2026-11-25T12:00:00+07:00"); // Wednesday noon: cycle 1 open
    const [cycle] = await t.db.cycle.findMany();
    expect(cycle).toMatchObject({ label: "Tuần 48/2026", status: "open" });
    expect(cycle!.opensAt.getTime()).toBe(at("2026-11-23T08:00:00+07:00"));
    expect(cycle!.dueAt.getTime()).toBe(at("2026-11-27T17:00:00+07:00"));
    expect(sentTo("100", "kỳ báo cáo Tuần 48/2026 đã mở")).toHaveLength(1);

    // Tổ 1 submits before the first reminder; Tổ 2 does not.
    await t.db.report.updateMany({ where: { groupId: groups[0] }, data: { status: "submitted", submittedAt: now(), answers: { ho_van_dong: 4 } } });
    await runUntil("2026-11-28T12:00:00+07:00"); // Saturday: past the deadline
    expect(sentTo("100", "chưa gửi báo cáo")).toHaveLength(0);
    const nudges = sentTo("101", "chưa gửi báo cáo");
    expect(nudges).toHaveLength(2); // Wednesday 18:00 and Friday 08:00
    expect(nudges[0]!.message.text).toContain("Hạn chót: 17:00 Thứ Sáu 27/11/2026");

    // Closed at Friday 17:00, then summarised (and so locked) at Saturday 08:00.
    const closed = (await t.call("GET", `/api/v1/cycles/${cycle!.id}`)).body;
    expect(closed.status).toBe("locked");
    expect(closed.groups.map((g: any) => g.reports[0].status)).toEqual(["submitted", "missed"]);

    await runUntil("2026-12-05T12:00:00+07:00"); // a second week
    expect((await t.db.cycle.findMany({ orderBy: { opensAt: "asc" } })).map((c) => [c.label, c.status])).toEqual([
      ["Tuần 48/2026", "locked"],
      ["Tuần 49/2026", "locked"],
    ]);
    const runs = await t.db.jobRun.findMany();
    const count = (job: string) => runs.filter((r) => r.job.startsWith(job)).length;
    expect([count("open"), count("remind"), count("due"), count("summary")]).toEqual([2, 4, 2, 2]);
  });

  it("runs each fire once with two schedulers ticking the same database", async () => {
    clock = at("2026-11-23T07:58:00+07:00");
    await tick(ctx, now());
    clock = at("2026-11-23T08:01:00+07:00");
    await Promise.all([tick(ctx, now()), tick(ctx, now()), tick(ctx, now())]);
    await t.delivery.settle();
    expect(await t.db.cycle.count()).toBe(1);
    expect(sentTo("100", "đã mở")).toHaveLength(1);
  });

  it("catches up what is still meaningful after an outage, and skips nudges past the deadline", async () => {
    clock = at("2026-11-23T07:00:00+07:00");
    await tick(ctx, now());
    clock = at("2026-11-23T10:30:00+07:00"); // down over the Monday 08:00 opening
    await tick(ctx, now());
    expect(await t.db.cycle.count()).toBe(1);
    clock = at("2026-11-25T17:00:00+07:00");
    await tick(ctx, now());
    clock = at("2026-11-28T09:00:00+07:00"); // down over both reminders and the deadline
    await tick(ctx, now());
    await t.delivery.settle();
    expect(sentTo("101", "chưa gửi báo cáo")).toHaveLength(0);
    // The deadline was caught up, and the Saturday 08:00 summary with it (which locks the cycle).
    expect((await t.db.cycle.findFirstOrThrow()).status).toBe("locked");
  });

  it("does nothing when the clock goes backwards, and nothing twice when it comes back", async () => {
    clock = at("2026-11-23T07:58:00+07:00");
    await tick(ctx, now());
    clock = at("2026-11-23T08:05:00+07:00");
    await tick(ctx, now());
    expect(await t.db.cycle.count()).toBe(1);
    clock = at("2026-11-23T07:30:00+07:00");
    await tick(ctx, now());
    clock = at("2026-11-23T08:10:00+07:00");
    await tick(ctx, now());
    expect(await t.db.cycle.count()).toBe(1);
    expect(await t.db.jobRun.count()).toBe(1);
  });
});

describe("admin actions on a cycle", () => {
  it("reminds now (only non-submitters), then closes: pending reports become missed, later answers are late", async () => {
    const cycle = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, {})).body;
    await t.db.report.updateMany({ where: { groupId: groups[0] }, data: { status: "submitted", submittedAt: now() } });
    const reminded = await t.call("POST", `/api/v1/cycles/${cycle.id}/reminders`);
    expect(reminded.body).toEqual({ cycleId: cycle.id, messages: 1 });
    expect(sentTo("101", "chưa gửi báo cáo")).toHaveLength(1);
    expect(sentTo("100", "chưa gửi báo cáo")).toHaveLength(0);

    const closed = await t.call("POST", `/api/v1/cycles/${cycle.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.groups.map((g: any) => g.reports[0].status)).toEqual(["submitted", "missed"]);
    expect((await t.call("POST", `/api/v1/cycles/${cycle.id}/reminders`)).status).toBe(409);
    expect((await t.call("POST", "/api/v1/cycles/nope/close")).status).toBe(404);
    // Tổ 2 answers after the close: accepted, and shown as late.
    const nga = chatHarness(t, now).user("101");
    expect((await nga.command("baocao"))[0]).toContain("Câu 1/1");
    expect((await nga.say("7"))[0]).toContain("xem lại báo cáo");
    expect((await nga.say("gửi"))[0]).toContain("(sau hạn chót)");
    const late = (await t.call("GET", `/api/v1/cycles/${cycle.id}`)).body.groups[1].reports[0];
    expect(late).toMatchObject({ status: "late", answers: { ho_van_dong: 7 } });

    const audit = await t.db.auditLog.findMany({ where: { entity: "cycle" } });
    expect(audit.map((a) => a.action)).toEqual(["cycle.open", "cycle.remind", "cycle.close"]);
  });
});

describe("holidays and absence", () => {
  it("moves an opening on a day off to the next working day, and drops a reminder on a day off", async () => {
    expect((await t.call("POST", `/api/v1/wards/${wardId}/days-off`, { date: "2026-11-23", reason: "Ngày hội đại đoàn kết" })).status).toBe(201);
    expect((await t.call("POST", `/api/v1/wards/${wardId}/days-off`, { date: "2026-11-25" })).status).toBe(201);
    await runUntil("2026-11-28T12:00:00+07:00", 10 * MIN);
    const cycle = await t.db.cycle.findFirstOrThrow();
    expect(cycle.opensAt.getTime()).toBeGreaterThanOrEqual(at("2026-11-24T08:00:00+07:00"));
    expect(cycle.opensAt.getTime()).toBeLessThan(at("2026-11-24T08:15:00+07:00"));
    // Wednesday's reminder fell on the day off; Friday's went out.
    expect(sentTo("101", "chưa gửi báo cáo")).toHaveLength(1);
  });

  it("sends no reminder to a member who is away", async () => {
    const members = (await t.call("GET", `/api/v1/wards/${wardId}/members`)).body;
    const nga = members.find((m: any) => m.name === "Trần Thị Nga");
    const away = await t.call("PUT", `/api/v1/members/${nga.id}/absence`, { until: "2026-12-31", reason: "đi viện" });
    expect(away.status).toBe(200);
    expect(away.body.absentUntil).toBe("2027-01-01T00:00:00+07:00");
    await runUntil("2026-11-28T12:00:00+07:00", 10 * MIN);
    expect(sentTo("101", "chưa gửi báo cáo")).toHaveLength(0);
    expect(sentTo("100", "chưa gửi báo cáo")).toHaveLength(2);
  });

  it("answers bad requests clearly", async () => {
    expect((await t.call("POST", `/api/v1/wards/${wardId}/days-off`, { date: "2026-02-30" })).status).toBe(400);
    await t.call("POST", `/api/v1/wards/${wardId}/days-off`, { date: "2026-09-03" });
    expect((await t.call("POST", `/api/v1/wards/${wardId}/days-off`, { date: "2026-09-03" })).status).toBe(409);
    const year = await t.call("GET", `/api/v1/wards/${wardId}/days-off?year=2026`);
    expect(year.body.publicHolidays.map((h: any) => h.date)).toContain("2026-04-26");
    expect(year.body.localDaysOff).toMatchObject([{ date: "2026-09-03" }]);
    expect((await t.call("PUT", "/api/v1/members/nope/absence", { until: "2026-12-31" })).status).toBe(404);
    const members = (await t.call("GET", `/api/v1/wards/${wardId}/members`)).body;
    const past = await t.call("PUT", `/api/v1/members/${members[0].id}/absence`, { until: "2020-01-01" });
    expect(past.status).toBe(400);
    expect(past.body.error.details[0].field).toBe("until");
  });
});

describe("meetings", () => {
  it("reminds invitees at each offset, counts their answers, and asks a reason for an absence", async () => {
    const meeting = (
      await t.call("POST", `/api/v1/wards/${wardId}/meetings`, {
        title: "Hội nghị sơ kết 6 tháng thực hiện Quy chế phối hợp",
        kind: "so_ket",
        startsAt: "2026-11-26T14:00",
        location: "Nhà văn hóa phường",
        remindBefore: ["P3D", "PT2H"],
        invitees: { roles: ["leader"] },
      })
    ).body;
    await t.call("PUT", `/api/v1/wards/${wardId}/schedule`, {
      enabled: false, opensAt: "0 8 * * 1", remindAt: [], dueAt: "0 17 * * 5", summaryAt: "0 8 * * 6",
    });
    await runUntil("2026-11-23T15:00:00+07:00", 10 * MIN); // past 14:00 Monday, three days before
    const first = sentTo("100", "xin mời ông/bà dự Hội nghị sơ kết");
    expect(first).toHaveLength(1);
    expect(first[0]!.message.text).toContain("lúc 14:00 Thứ Năm 26/11/2026 tại Nhà văn hóa phường");
    expect(first[0]!.message.choices!.map((c) => c.label)).toEqual(["✅ Tham dự", "Vắng"]);

    const chat = chatHarness(t, now);
    const tuan = chat.user("100");
    const nga = chat.user("101");
    expect((await tuan.press(`rsvp:${meeting.id}:yes`))[0]).toContain("sẽ tham dự");
    expect((await nga.press(`rsvp:${meeting.id}:no`))[0]).toContain("lý do");
    expect((await nga.say("Đi khám bệnh"))[0]).toContain("Đã ghi nhận lý do vắng");
    expect((await nga.command("lichhop"))[0]).toContain("ông/bà: vắng");

    const attendance = (await t.call("GET", `/api/v1/meetings/${meeting.id}/attendance`)).body;
    expect(attendance).toMatchObject({ invited: 2, attending: 1, absent: 1, noAnswer: 0 });
    expect(attendance.people.find((p: any) => p.status === "absent").reason).toBe("Đi khám bệnh");

    await runUntil("2026-11-26T13:00:00+07:00", 10 * MIN); // two hours before
    expect(sentTo("100", "xin mời ông/bà dự Hội nghị sơ kết")).toHaveLength(2);
    await runUntil("2026-11-27T12:00:00+07:00", 30 * MIN);
    expect(sentTo("100", "xin mời ông/bà dự Hội nghị sơ kết")).toHaveLength(2); // once per offset
    expect((await tuan.press(`rsvp:${meeting.id}:no`))[0]).toContain("đã qua");
  });
});

describe("meeting changes and the chairs' digest", () => {
  it("tells those already reminded about a change and a cancellation, and sends chairs the digest the day before", async () => {
    const chair = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Phạm Minh Đức", role: "chair" })).body;
    await t.db.channelIdentity.create({ data: { memberId: chair.id, channel: "telegram", externalId: "900", address: "telegram:900" } });
    const meeting = (
      await t.call("POST", `/api/v1/wards/${wardId}/meetings`, {
        title: "Hội nghị tổng kết năm", kind: "tong_ket", startsAt: "2026-11-27T14:00", location: "Hội trường UBND phường",
        remindBefore: ["P3D"], invitees: { roles: ["leader"] },
      })
    ).body;
    // Before any reminder a change notifies nobody.
    await t.call("PATCH", `/api/v1/meetings/${meeting.id}`, { location: "Nhà văn hóa phường" });
    expect(sentTo("100", "THAY ĐỔI")).toHaveLength(0);

    await runUntil("2026-11-26T15:00:00+07:00", 15 * MIN); // reminder 24/11 14:00, digest 26/11 14:00
    expect(sentTo("100", "xin mời ông/bà dự Hội nghị tổng kết năm")).toHaveLength(1);
    const digest = sentTo("900", "Tình hình đăng ký dự Hội nghị tổng kết năm");
    expect(digest).toHaveLength(1);
    expect(digest[0]!.message.text).toContain("Tham dự: 0/2.");
    expect(digest[0]!.message.text).toContain("Chưa trả lời (2): Nguyễn Văn Tuấn, Trần Thị Nga.");

    const moved = await t.call("PATCH", `/api/v1/meetings/${meeting.id}`, { startsAt: "2026-11-27T15:30" });
    expect(moved.body.startsAt).toBe("2026-11-27T15:30:00+07:00");
    expect(sentTo("101", "THAY ĐỔI: Hội nghị tổng kết năm lúc 15:30 Thứ Sáu 27/11/2026 tại Nhà văn hóa phường")).toHaveLength(1);
    expect((await t.call("PATCH", `/api/v1/meetings/${meeting.id}`, { startsAt: "mai" })).status).toBe(400);
    const cancelled = await t.call("POST", `/api/v1/meetings/${meeting.id}/cancel`);
    expect(cancelled.body.status).toBe("cancelled");
    expect(sentTo("100", "đã được HUỶ")).toHaveLength(1);
    expect((await t.call("PATCH", `/api/v1/meetings/${meeting.id}`, { location: "X" })).status).toBe(409);
  });
});

describe("time zones", () => {
  it("fires at the ward's local time across a daylight-saving change (Europe/Berlin)", async () => {
    await t.call("PUT", `/api/v1/wards/${wardId}/schedule`, { enabled: false, opensAt: "0 8 * * 1", remindAt: [], dueAt: "0 17 * * 5", summaryAt: "0 8 * * 6" });
    const berlin = (await t.call("POST", "/api/v1/wards", { name: "Ortsteil Mitte", timezone: "Europe/Berlin" })).body.id;
    await t.call("PUT", `/api/v1/wards/${berlin}/form`, { title: "Bericht", questions: [{ key: "n", text: "Wie viele?", type: "integer" }] });
    const schedule = await t.call("PUT", `/api/v1/wards/${berlin}/schedule`, {
      enabled: true, opensAt: "0 8 * * 1", remindAt: [], dueAt: "0 17 * * 5", summaryAt: "0 8 * * 6", skipHolidays: false,
    });
    expect(schedule.status).toBe(200);
    clock = at("2026-03-22T00:00:00Z");
    await runUntil("2026-04-01T00:00:00Z", 15 * MIN);
    const opened = (await t.db.jobRun.findMany({ where: { job: `open:${berlin}` }, orderBy: { instant: "asc" } })).map((r) => r.instant.toISOString());
    // 08:00 local: UTC+1 before 29 March, UTC+2 after.
    expect(opened).toEqual(["2026-03-23T07:00:00.000Z", "2026-03-30T06:00:00.000Z"]);
  });
});

describe("robustness", () => {
  it("keeps ticking the other wards when one ward's schedule fails", async () => {
    const other = (await t.call("POST", "/api/v1/wards", { name: "Phường Bồ Đề" })).body.id;
    await t.db.schedule.create({ data: { wardId: other, opensAt: "not a cron", remindAt: [], dueAt: "0 17 * * 5", summaryAt: "0 8 * * 6" } });
    clock = at("2026-11-23T07:55:00+07:00");
    await tick(ctx, now());
    clock = at("2026-11-23T08:05:00+07:00");
    await tick(ctx, now());
    expect(await t.db.cycle.count({ where: { wardId } })).toBe(1);
  });
});
