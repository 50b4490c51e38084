import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { reportingWard, type ReportingWard } from "../support/reporting-ward.js";

let t: TestApp;
let ward: ReportingWard;
beforeEach(async () => {
  t = await buildTestApp();
  ward = await reportingWard(t, { groupCount: 2 });
  // Both leaders bound on Telegram.
  for (const [i, leader] of ward.leaders.entries())
    await t.db.channelIdentity.create({ data: { memberId: leader.id, channel: "telegram", externalId: `${100 + i}`, address: `telegram:${100 + i}` } });
});
afterEach(() => t.close());

const ids = (list: { id: string }[]) => list.map((x) => x.id);

describe("archiving and restoring", () => {
  it("archives a member: hidden from the list, shown with ?archived=true, unbound, no prompt; restored by PATCH", async () => {
    const [first, second] = ward.leaders;
    const res = await t.call("DELETE", `/api/v1/members/${first!.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: first!.id, archivedAt: expect.any(String), channels: [] });

    expect(ids((await t.call("GET", `/api/v1/wards/${ward.wardId}/members`)).body)).toEqual([second!.id]);
    expect(ids((await t.call("GET", `/api/v1/wards/${ward.wardId}/members?archived=true`)).body)).toEqual([first!.id, second!.id]);
    // The old invitation no longer works either.
    expect(await t.db.inviteCode.count({ where: { memberId: first!.id, revokedAt: null, usedAt: null } })).toBe(0);

    const cycle = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { label: "Tuần 48/2026", replaceOpen: true })).body;
    expect(cycle.prompted).toBeGreaterThan(0);
    const addresses = new Set(t.delivery.sent.map((m) => m.address));
    expect(addresses.has("telegram:100")).toBe(false);
    expect(addresses.has("telegram:101")).toBe(true);

    const restored = await t.call("PATCH", `/api/v1/members/${first!.id}`, { archived: false });
    expect(restored.status).toBe(200);
    expect(restored.body.archivedAt).toBeNull();
    expect((await t.call("POST", `/api/v1/members/${first!.id}/invite`)).status).toBe(200);
  });

  it("drops messages still queued for a member when they are archived", async () => {
    const leader = ward.leaders[0]!;
    await t.db.outboxMessage.create({ data: { address: "telegram:100", channel: "telegram", payload: { text: "Nhắc nhở" }, nextAttemptAt: new Date(Date.now() + 3600_000), createdAt: new Date() } });
    await t.call("DELETE", `/api/v1/members/${leader.id}`);
    const queued = await t.db.outboxMessage.findFirstOrThrow({ where: { address: "telegram:100" } });
    expect(queued.status).toBe("failed");
  });

  it("archives a group: new cycles make no report for it, its past reports and summaries stay", async () => {
    const [g1, g2] = ward.groups;
    const before = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { label: "Tuần 47/2026" })).body;
    await ward.submit(before.id, 1, { ho_van_dong: 12, antt: "Ổn định", ve_sinh: true });
    t.delivery.sent.length = 0;

    const archived = await t.call("DELETE", `/api/v1/groups/${g1}`);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    expect(ids((await t.call("GET", `/api/v1/wards/${ward.wardId}/groups`)).body)).toEqual([g2]);
    expect(ids((await t.call("GET", `/api/v1/wards/${ward.wardId}/groups?archived=true`)).body)).toEqual([g1, g2]);
    expect((await t.call("GET", `/api/v1/wards/${ward.wardId}`)).body.groupCount).toBe(1);

    const after = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { label: "Tuần 48/2026", replaceOpen: true })).body;
    expect(after.groups.map((g: any) => g.groupId)).toEqual([g2]);
    expect(t.delivery.sent.map((m) => m.address)).not.toContain("telegram:100");

    // History: the earlier cycle still has the archived group's submitted report.
    const past = (await t.call("GET", `/api/v1/cycles/${before.id}`)).body;
    expect(past.groups.find((g: any) => g.groupId === g1).reports[0]).toMatchObject({ status: "submitted", answers: { ho_van_dong: 12 } });

    // A member cannot be put in an archived group; restoring makes it usable again.
    const refused = await t.call("POST", `/api/v1/wards/${ward.wardId}/members`, { name: "Người mới", role: "leader", groupId: g1 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe("groupId");
    expect((await t.call("PATCH", `/api/v1/groups/${g1}`, { archived: false })).body.archivedAt).toBeNull();
    expect((await t.call("POST", `/api/v1/wards/${ward.wardId}/members`, { name: "Người mới", role: "leader", groupId: g1 })).status).toBe(201);
  });

  it("stops reminders for an open report of a group archived mid-cycle", async () => {
    const cycle = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { label: "Tuần 48/2026", replaceOpen: true })).body;
    await t.call("DELETE", `/api/v1/groups/${ward.groups[0]}`);
    t.delivery.sent.length = 0;
    const nudged = await t.call("POST", `/api/v1/cycles/${cycle.id}/reminders`);
    expect(nudged.status).toBe(200);
    expect(t.delivery.sent.map((m) => m.address)).toEqual(["telegram:101"]);
  });

  it("archives a ward: hidden from the list, still readable, restored by PATCH", async () => {
    const res = await t.call("DELETE", `/api/v1/wards/${ward.wardId}`);
    expect(res.status).toBe(200);
    expect(res.body.archivedAt).toEqual(expect.any(String));
    expect((await t.call("GET", "/api/v1/wards")).body).toEqual([]);
    expect(ids((await t.call("GET", "/api/v1/wards?archived=true")).body)).toEqual([ward.wardId]);
    expect((await t.call("GET", `/api/v1/wards/${ward.wardId}/members`)).body).toHaveLength(2);
    expect((await t.call("PATCH", `/api/v1/wards/${ward.wardId}`, { archived: false })).body.archivedAt).toBeNull();
    expect(ids((await t.call("GET", "/api/v1/wards")).body)).toEqual([ward.wardId]);
  });

  it("answers 404 for unknown ids and names the bad field of a PATCH", async () => {
    for (const path of ["/api/v1/wards/nope", "/api/v1/groups/nope", "/api/v1/members/nope"]) {
      expect((await t.call("PATCH", path, { archived: true })).status, path).toBe(404);
      expect((await t.call("DELETE", path)).status, path).toBe(404);
    }
    const leader = ward.leaders[0]!;
    const bad = await t.call("PATCH", `/api/v1/members/${leader.id}`, { phone: "12345", colour: "red" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: "colour", code: "unknown_field", message: "Yêu cầu này không nhận trường “colour”: xin bỏ trường đó." }]);
    const badPhone = await t.call("PATCH", `/api/v1/members/${leader.id}`, { phone: "12345" });
    expect(badPhone.body.error.details).toEqual([{ field: "phone", code: "invalid_phone", message: expect.stringContaining("Số điện thoại không hợp lệ") }]);
    const chairInGroup = await t.call("PATCH", `/api/v1/members/${leader.id}`, { role: "chair", groupId: ward.groups[0] });
    expect(chairInGroup.body.error.details[0].field).toBe("groupId");
  });

  it("changes a member's name, phone and group", async () => {
    const leader = ward.leaders[0]!;
    const res = await t.call("PATCH", `/api/v1/members/${leader.id}`, { name: "Phạm Thị Lan", phone: "0912 000 111", groupId: ward.groups[1] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "Phạm Thị Lan", phone: "+84912000111", role: "leader", groupId: ward.groups[1] });
    const inGroup = await t.call("GET", `/api/v1/wards/${ward.wardId}/members?groupId=${ward.groups[1]}`);
    expect(ids(inGroup.body)).toEqual([leader.id, ward.leaders[1]!.id]);
  });
});
