import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";
import { reportingWard, type ReportingWard } from "../support/reporting-ward.js";
import { simulator } from "./support.js";
import { prune } from "../../src/services/retention.js";

/**
 * The chat simulator's one promise: nothing typed there changes the ward's records. A leader's
 * whole report is answered in a session while a real cycle is open, and then nothing real shows
 * it: not the cycle API, the dashboard's open cycle, a summary, the roll-up, the webhooks, the
 * deliveries or the person's own /baocao on Telegram.
 */
let t: TestApp;
let ward: ReportingWard;
let provinceId: string;
let realCycleId: string;

beforeEach(async () => {
  t = await buildTestApp();
  provinceId = (await t.call("POST", "/api/v1/units", { name: "Thành phố Hà Nội", kind: "province" })).body.id;
  ward = await reportingWard(t, { groupCount: 2 });
  await t.call("PATCH", `/api/v1/wards/${ward.wardId}`, { parentId: provinceId });
  realCycleId = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { label: "Tuần 48/2026" })).body.id;
});
afterEach(() => t.close());

/** Leader 1's whole report in a simulator session, submitted: typed answers, a re-ask, buttons pressed. */
async function previewReport() {
  const s = await simulator(t).start(ward.wardId, { memberId: ward.leaders[0]!.id });
  const first = await s.read();
  expect(first.at(-1)!.text).toContain("Kính gửi ông/bà Tổ trưởng 1, kỳ báo cáo Kỳ thử đã mở");
  expect(first.at(-1)!.text).toContain("Câu 1/5: Số hộ được vận động?");
  expect(await s.say("nhiều lắm")).toEqual([expect.stringContaining("Câu 1/5")]); // re-asked, as on Telegram
  expect(await s.say("12 hộ")).toEqual([expect.stringContaining("Câu 2/5: Tình hình an ninh trật tự?")]);
  expect(await s.press("Ổn định")).toEqual([expect.stringContaining("Câu 3/5")]);
  expect(await s.say("2tr5")).toEqual([expect.stringContaining("Câu 4/5")]);
  expect(await s.press("Có")).toEqual([expect.stringContaining("Câu 5/5")]);
  const review = await s.say("bỏ qua");
  expect(review.at(-1)).toContain("Xin ông/bà xem lại báo cáo Kỳ thử");
  expect((await s.press("✅ Gửi")).at(-1)).toContain("Đã nhận báo cáo Kỳ thử của Tổ dân phố số 1");
  return s;
}

describe("a report answered in the chat simulator", () => {
  it("is stored in the session's preview cycle with exact values, as a real report is", async () => {
    const s = await previewReport();
    const { cycle } = await s.state();
    expect(cycle.reports).toEqual([
      expect.objectContaining({
        groupName: "Tổ dân phố số 1",
        status: "submitted",
        via: "web",
        memberId: ward.leaders[0]!.id,
        answers: { ho_van_dong: 12, antt: "Ổn định", quy: 2_500_000, ve_sinh: true },
      }),
    ]);
  });

  it("appears in no cycle list, cycle, summary, roll-up, export, webhook or delivery list", async () => {
    await t.call("POST", `/api/v1/wards/${ward.wardId}/webhooks`, { url: "https://hooks.example.org/ngoc-lam" });
    const s = await previewReport();
    const previewId = (await s.state()).cycle.id;

    // The cycle API: the list (and the dashboard's open cycle) shows the real cycle only, untouched.
    const list = (await t.call("GET", `/api/v1/wards/${ward.wardId}/cycles`)).body;
    expect(list.map((c: any) => c.id)).toEqual([realCycleId]);
    expect(list[0].reports).toEqual({ expected: 2, submitted: 0 });
    expect((await t.call("GET", `/api/v1/wards/${ward.wardId}/cycles?status=open`)).body.map((c: any) => c.id)).toEqual([realCycleId]);
    const real = (await t.call("GET", `/api/v1/cycles/${realCycleId}`)).body;
    expect(real.groups[0].reports[0]).toMatchObject({ status: "pending", answers: {} });
    // By id, even for the instance owner, a preview cycle does not exist.
    for (const path of [`/api/v1/cycles/${previewId}`, `/api/v1/cycles/${previewId}/summary`, `/api/v1/cycles/${previewId}/summary.xlsx`])
      expect((await t.call("GET", path)).status, path).toBe(404);
    expect((await t.call("POST", `/api/v1/cycles/${previewId}/close`)).status).toBe(404);

    // The summary of the ward's cycle, and the province's roll-up.
    const summary = (await t.call("GET", `/api/v1/cycles/${realCycleId}/summary`)).body;
    expect(summary.text).not.toContain("Kỳ thử");
    expect(summary.text).toMatch(/0\/2/);
    const rollup = (await t.call("GET", `/api/v1/units/${provinceId}/rollup`)).body;
    expect(rollup.totals).toMatchObject({ cycles: 1, submitted: 0 });

    // No webhook event, and the simulator's messages are no deliveries to people.
    expect(await t.db.outboxMessage.count({ where: { channel: "webhook" } })).toBe(0);
    for (const status of ["pending", "sent", "undeliverable"]) {
      const deliveries = await t.call("GET", `/api/v1/deliveries?status=${status}`);
      expect(deliveries.text, status).not.toContain(s.id);
    }
  });

  it("leaves the person's real report, chats and bindings as they were: their /baocao on Telegram starts the real one", async () => {
    const chat = chatHarness(t);
    const leader = chat.user("7001");
    await leader.command("start", ward.leaders[0]!.invite.code);
    const before = {
      member: await t.db.member.findUniqueOrThrow({ where: { id: ward.leaders[0]!.id } }),
      identities: await t.db.channelIdentity.findMany({ orderBy: { id: "asc" } }),
      conversations: await t.db.conversation.findMany({ where: { channel: "telegram" } }),
    };
    await previewReport();
    expect(await t.db.member.findUniqueOrThrow({ where: { id: ward.leaders[0]!.id } })).toEqual(before.member);
    expect(await t.db.channelIdentity.findMany({ orderBy: { id: "asc" } })).toEqual(before.identities);
    expect(await t.db.conversation.findMany({ where: { channel: "telegram" } })).toEqual(before.conversations);
    // On Telegram the leader still has the real week to answer, from the first question.
    const answer = await leader.command("baocao");
    expect(answer.join("\n")).toContain("Báo cáo Tuần 48/2026 — Tổ dân phố số 1");
    expect(answer.join("\n")).toContain("Câu 1/5");
  });

  it("does not keep the ward from opening its real cycle", async () => {
    await t.call("POST", `/api/v1/cycles/${realCycleId}/close`);
    const s = await simulator(t).start(ward.wardId, { memberId: ward.leaders[1]!.id });
    // An open preview cycle is no open cycle of the ward: no 409 "a cycle is open".
    const opened = await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { label: "Tuần 49/2026" });
    expect(opened.status, opened.text).toBe(201);
    expect(opened.body.groups.map((g: any) => g.reports.length)).toEqual([1, 1]);
    const preview = await t.db.cycle.findUniqueOrThrow({ where: { id: (await s.state()).cycle.id } });
    expect(preview).toMatchObject({ status: "open", preview: true, openedAfter: null });
  });
});

describe("what a simulator session may not do", () => {
  it("refuses what would change real data: a meeting answer, a channel choice, an absence, unbinding", async () => {
    const meeting = (
      await t.call("POST", `/api/v1/wards/${ward.wardId}/meetings`, {
        title: "Hội nghị sơ kết", kind: "so_ket", startsAt: "2030-11-29T14:00", location: "Nhà văn hóa", remindBefore: ["P1D"], invitees: { roles: ["leader"] },
      })
    ).body;
    const s = await simulator(t).start(ward.wardId, { memberId: ward.leaders[0]!.id });
    await s.read();
    // One after another, as typed.
    for (const said of [() => s.pick(`rsvp:${meeting.id}:no`), () => s.say("/kenh zalo"), () => s.say("kênh telegram"), () => s.say("/vang Tổ trưởng 2 5/12"), () => s.say("/huylienket")])
      expect((await said()).join("\n")).toContain("Đây là chế độ thử");
    expect(await t.db.meetingInvitee.findMany({ where: { meetingId: meeting.id, rsvp: { not: "no_answer" } } })).toEqual([]);
    expect(await t.db.member.findMany({ where: { wardId: ward.wardId, OR: [{ absentUntil: { not: null } }, { preferredChannel: { not: null } }] } })).toEqual([]);
    // The report conversation goes on where it was.
    expect((await s.say("12")).join("\n")).toContain("Câu 2/5");
  });

  it("plays a newcomer who types an invitation code: checked, not spent, and no account is bound", async () => {
    const s = await simulator(t).start(ward.wardId);
    expect(s.session.member).toBeNull();
    expect((await s.read()).at(-1)!.text).toContain("Xin gửi vào đây mã mời");
    expect((await s.say("ABCD1234EFGH5")).join("\n")).toContain("Mã mời không đúng");
    const code = ward.leaders[1]!.invite.code;
    const greeting = await s.say(`mã ${code}`);
    expect(greeting.join("\n")).toContain("Xin chào ông/bà Tổ trưởng 2!");
    expect(greeting.join("\n")).toContain("mã mời vẫn còn dùng được");
    expect((await t.db.inviteCode.findFirstOrThrow({ where: { memberId: ward.leaders[1]!.id } })).usedAt).toBeNull();
    expect(await t.db.channelIdentity.count()).toBe(0);
    expect((await s.say("/baocao")).join("\n")).toContain("Báo cáo Kỳ thử — Tổ dân phố số 2");
    // The real person binds with the same code afterwards.
    expect((await chatHarness(t).user("7002").command("start", code)).join("\n")).toContain("Xin chào ông/bà Tổ trưởng 2");
  });
});

describe("the end of a session", () => {
  it("deletes its preview cycle, reports, conversation and messages when ended, and after a day when forgotten", async () => {
    const count = async () => ({
      cycles: await t.db.cycle.count({ where: { preview: true } }),
      reports: await t.db.report.count({ where: { cycle: { preview: true } } }),
      sessions: await t.db.simulatorSession.count(),
      conversations: await t.db.conversation.count({ where: { channel: "web" } }),
      messages: await t.db.outboxMessage.count({ where: { channel: "web" } }),
    });
    const ended = await previewReport();
    expect(await count()).toEqual({ cycles: 1, reports: 1, sessions: 1, conversations: 1, messages: expect.any(Number) });
    expect((await t.call("DELETE", `/api/v1/simulator/${ended.id}`)).status).toBe(200);
    expect(await count()).toEqual({ cycles: 0, reports: 0, sessions: 0, conversations: 0, messages: 0 });
    expect((await t.call("GET", `/api/v1/simulator/${ended.id}/messages`)).status).toBe(404);

    const left = await simulator(t).start(ward.wardId, { memberId: ward.leaders[0]!.id });
    await left.say("12");
    await prune({ db: t.db }, new Date(Date.now() + 23 * 3600_000));
    expect((await count()).sessions).toBe(1);
    await prune({ db: t.db }, new Date(Date.now() + 25 * 3600_000));
    expect(await count()).toEqual({ cycles: 0, reports: 0, sessions: 0, conversations: 0, messages: 0 });
    // The real cycle is still there.
    expect((await t.call("GET", `/api/v1/cycles/${realCycleId}`)).status).toBe(200);
  });
});

describe("bad input", () => {
  it("answers 400 naming the field", async () => {
    const other = (await t.call("POST", "/api/v1/wards", { name: "Phường Bồ Đề" })).body.id;
    const stranger = (await t.call("POST", `/api/v1/wards/${other}/members`, { name: "Người ngoài", role: "chair" })).body.id;
    const start = await t.call("POST", `/api/v1/wards/${ward.wardId}/simulator`, { memberId: stranger });
    expect(start.status).toBe(400);
    expect(start.body.error.details).toEqual([{ field: "memberId", code: "unknown_reference", message: expect.stringContaining("không thuộc phường này") }]);
    const s = await simulator(t).start(ward.wardId, { memberId: ward.leaders[0]!.id });
    for (const [body, field] of [[{}, "text"], [{ text: "12", choice: "x" }, "choice"], [{ text: "   " }, "text"], [{ text: "x".repeat(5000) }, "text"], [{ text: "1", extra: 1 }, "extra"]] as const) {
      const res = await t.call("POST", `/api/v1/simulator/${s.id}/messages`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: any) => d.field), JSON.stringify(body)).toContain(field);
    }
    expect((await t.call("POST", `/api/v1/wards/${other}/simulator`, {})).status).toBe(409); // no form in that ward
  });
});
