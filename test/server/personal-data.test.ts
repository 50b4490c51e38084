import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";
import { reportingWard, type ReportingWard } from "../support/reporting-ward.js";

/**
 * A person's data: the export gives all of it, erasure leaves none of it (name, phone) anywhere in
 * the database while the group's figures stay. Telegram is not configured here, so what the bot
 * says to the leader stays queued in the outbox (with their name in it) until erasure.
 */
let t: TestApp;
let ward: ReportingWard;
let leaderId: string;
let cycleId: string;
const NAME = "Nguyễn Thị Hoa";
const FORMER = "Tổ trưởng 1";

beforeEach(async () => {
  t = await buildTestApp({ channels: ["zalo"] });
  ward = await reportingWard(t, { groupCount: 2 });
  leaderId = ward.leaders[0]!.id;
  expect((await t.call("PATCH", `/api/v1/members/${leaderId}`, { name: NAME, phone: "0912 345 678" })).status).toBe(200);
  await t.call("POST", `/api/v1/wards/${ward.wardId}/meetings`, {
    title: "Hội nghị sơ kết", kind: "so_ket", startsAt: "2030-11-29T14:00", location: "Nhà văn hóa", remindBefore: ["P1D"], invitees: { roles: ["leader"] },
  });
  const u = chatHarness(t).user("5001");
  await u.command("start", ward.leaders[0]!.invite.code);
  const cycle = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { label: "Tuần 48/2026" })).body;
  cycleId = cycle.id;
  for (const answer of ["12", "ổn định", "bỏ qua", "có", "bỏ qua", "gửi"]) await u.say(answer);
  // Group 2's report names her (and her number) in a text answer.
  const other = cycle.groups.find((g: any) => g.groupId === ward.groups[1]).reports[0].id;
  const entered = await t.call("PUT", `/api/v1/cycles/${cycleId}/reports/${other}`, {
    answers: { ho_van_dong: "7", antt: "ổn định", ve_sinh: "có", kien_nghi: `Cảm ơn bà ${NAME} (0912345678) đã hỗ trợ` },
    reason: "Qua điện thoại",
  });
  expect(entered.status, entered.text).toBe(200);
});
afterEach(() => t.close());

/** Every row of every table, as text. */
async function everything() {
  const tables = await t.db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'");
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) dump[name] = await t.db.$queryRawUnsafe(`SELECT * FROM "${name}"`);
  return JSON.stringify(dump, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
}

describe("a person's data", () => {
  it("is exported whole: member, roles, channels, invitations without codes, reports that are theirs or name them, meetings, conversation, audit", async () => {
    const res = await t.call("GET", `/api/v1/members/${leaderId}/export`);
    expect(res.status, res.text).toBe(200);
    const x = res.body;
    expect(x.member).toMatchObject({ id: leaderId, name: NAME, phone: "+84912345678" });
    expect(x.roles).toEqual([{ role: "leader", unit: { id: ward.groups[0], name: "Tổ dân phố số 1", kind: "group" } }]);
    expect(x.channels).toEqual([expect.objectContaining({ channel: "telegram", externalId: "5001" })]);
    expect(x.invitations.length).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/codeHash|tokenHash/);
    expect(x.reports.map((r: any) => [r.group.name, r.reason])).toEqual([
      ["Tổ dân phố số 1", "submitted by them (or for them)"],
      ["Tổ dân phố số 2", "names them"],
    ]);
    expect(x.revisions).toHaveLength(2);
    expect(x.meetings).toEqual([expect.objectContaining({ rsvp: "no_answer", meeting: expect.objectContaining({ title: "Hội nghị sơ kết" }) })]);
    expect(x.conversations).toEqual([expect.objectContaining({ channel: "telegram", userId: "5001" })]);
    expect(x.audit.map((a: any) => a.action)).toEqual(expect.arrayContaining(["member.create", "member.update"]));
    expect((await t.db.auditLog.findFirst({ where: { action: "member.export", entityId: leaderId } }))).not.toBeNull();
  });

  it("is erased everywhere in one step, the group's figures kept under a placeholder name", async () => {
    expect(await everything()).toContain(NAME);
    expect(await t.db.outboxMessage.count({ where: { address: "telegram:5001", status: "pending" } })).toBeGreaterThan(0);
    const res = await t.call("POST", `/api/v1/members/${leaderId}/erase`);
    expect(res.status, res.text).toBe(200);
    const placeholder = `Người đã xoá dữ liệu #${leaderId.replace(/-/g, "").slice(-6)}`;
    expect(res.body).toEqual({ id: leaderId, name: placeholder, erasedAt: expect.any(String) });

    // Not anywhere: the member row, audit before/after, queued messages, the other group's answer.
    const dump = await everything();
    for (const trace of [NAME, FORMER, "912345678", "912 345 678"]) expect(dump, trace).not.toContain(trace);

    const member = (await t.call("GET", `/api/v1/members/${leaderId}`)).body;
    expect(member).toMatchObject({ name: placeholder, phone: null, channels: [] });
    expect(await t.db.conversation.count()).toBe(0);
    expect(await t.db.outboxMessage.count({ where: { address: "telegram:5001", status: "pending" } })).toBe(0);
    // The bot no longer knows the chat.
    const again = chatHarness(t);
    await again.user("5001").say("xin chào");
    expect(await t.db.channelIdentity.count()).toBe(0);

    // The figures stay, attributed to the placeholder.
    const cycle = (await t.call("GET", `/api/v1/cycles/${cycleId}`)).body;
    const mine = cycle.groups.find((g: any) => g.groupId === ward.groups[0]).reports[0];
    expect(mine).toMatchObject({ status: "submitted", memberId: leaderId });
    const report = await t.db.report.findFirstOrThrow({ where: { groupId: ward.groups[0] } });
    expect(report.answers).toMatchObject({ ho_van_dong: 12 });
    const other = await t.db.report.findFirstOrThrow({ where: { groupId: ward.groups[1] } });
    expect(other.answers).toMatchObject({ ho_van_dong: 7, kien_nghi: `Cảm ơn bà ${placeholder} (${placeholder}) đã hỗ trợ` });
    const summary = (await t.call("GET", `/api/v1/cycles/${cycleId}/summary`)).body;
    expect(summary.text).toContain("19");

    // The erasure is in the audit, without the values.
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { action: "member.erase" } });
    expect(entry).toMatchObject({ entityId: leaderId, wardId: ward.wardId });
    // The export now has nothing personal left.
    const x = (await t.call("GET", `/api/v1/members/${leaderId}/export`)).body;
    expect(x.member).toMatchObject({ name: placeholder, phone: null, erasedAt: expect.any(String) });
    expect(x.channels).toEqual([]);
  });
});
