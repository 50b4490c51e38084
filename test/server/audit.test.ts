import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, buildTestApp, type TestApp } from "../support/app.js";
import { bearer, twoWards } from "../support/two-wards.js";

let t: TestApp;
let w: Awaited<ReturnType<typeof twoWards>>;
beforeEach(async () => {
  t = await buildTestApp();
  w = await twoWards(t);
});
afterEach(() => t.close());

describe("the audit trail", () => {
  it("records every write operation of the API with the acting token as the actor", async () => {
    const A = w.wardA;
    const tokenOf = { admin: w.tokens.adminA, province: w.tokens.province };
    const ids: Record<string, string> = {};
    const done = new Set<string>();
    const step = async (key: string, who: "admin" | "province" | "owner", path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const [method] = key.split(" ");
      const before = await t.db.auditLog.count();
      const res = await t.call(method!, path, body, { ...(who === "owner" ? bearer(ADMIN_TOKEN) : bearer(tokenOf[who].token)), ...headers });
      expect(res.status, `${key}: ${res.text}`).toBeLessThan(300);
      const newest = await t.db.auditLog.findMany({ orderBy: [{ at: "desc" }, { id: "desc" }], take: (await t.db.auditLog.count()) - before });
      expect(newest.length, `${key} left no audit entry`).toBeGreaterThan(0);
      const actor = who === "owner" ? /^admin:[0-9a-f]{8}$/ : new RegExp(`^token:${tokenOf[who].id}$`);
      expect(newest.some((e) => actor.test(e.actor)), `${key}: ${newest.map((e) => e.actor)}`).toBe(true);
      done.add(key);
      return res.body;
    };

    await step("POST /api/v1/units", "owner", "/api/v1/units", { name: "Tỉnh Bắc Ninh", kind: "province" });
    ids.ward = (await step("POST /api/v1/wards", "province", "/api/v1/wards", { name: "Phường Long Biên", parentId: w.provinceId })).id;
    await step("PATCH /api/v1/wards/{wardId}", "province", `/api/v1/wards/${ids.ward}`, { name: "Phường Long Biên Mới" });
    await step("DELETE /api/v1/wards/{wardId}", "province", `/api/v1/wards/${ids.ward}`);
    ids.group = (await step("POST /api/v1/wards/{wardId}/groups", "admin", `/api/v1/wards/${A}/groups`, { name: "Tổ 9" })).id;
    await step("PATCH /api/v1/groups/{groupId}", "admin", `/api/v1/groups/${ids.group}`, { name: "Tổ 9A" });
    await step("DELETE /api/v1/groups/{groupId}", "admin", `/api/v1/groups/${ids.group}`);
    ids.member = (await step("POST /api/v1/wards/{wardId}/members", "admin", `/api/v1/wards/${A}/members`, { name: "Ngô Thị Lan", role: "chair" })).id;
    await step("PATCH /api/v1/members/{memberId}", "admin", `/api/v1/members/${ids.member}`, { name: "Ngô Thị Lan Anh" });
    await step("POST /api/v1/members/{memberId}/invite", "admin", `/api/v1/members/${ids.member}/invite`);
    await step("PUT /api/v1/members/{memberId}/absence", "admin", `/api/v1/members/${ids.member}/absence`, { until: "2030-12-05" });
    await step("DELETE /api/v1/members/{memberId}/sessions", "admin", `/api/v1/members/${ids.member}/sessions`);
    await step("POST /api/v1/members/{memberId}/erase", "admin", `/api/v1/members/${ids.member}/erase`);
    await step("DELETE /api/v1/members/{memberId}", "admin", `/api/v1/members/${ids.member}`);
    await step("POST /api/v1/wards/{wardId}/invitations", "admin", `/api/v1/wards/${A}/invitations`, {});
    await step("POST /api/v1/wards/{wardId}/members/import", "admin", `/api/v1/wards/${A}/members/import`, "group,role,name\nTổ dân phố số 1,front_head,Hoàng Văn Nam", { "content-type": "text/csv" });
    await step("PUT /api/v1/wards/{wardId}/form", "admin", `/api/v1/wards/${A}/form`, { title: "Báo cáo", questions: [{ key: "a", text: "A?", type: "integer" }] });
    await step("PUT /api/v1/wards/{wardId}/schedule", "admin", `/api/v1/wards/${A}/schedule`, { enabled: false, opensAt: "0 8 * * 1", remindAt: [], dueAt: "0 17 * * 5", summaryAt: "0 8 * * 6" });
    ids.destination = (await step("POST /api/v1/wards/{wardId}/destinations", "admin", `/api/v1/wards/${A}/destinations`, { channel: "telegram", chatId: "-1009", purpose: "summary" })).id;
    await step("PATCH /api/v1/destinations/{destinationId}", "admin", `/api/v1/destinations/${ids.destination}`, { title: "Nhóm chủ tịch" });
    await step("DELETE /api/v1/destinations/{destinationId}", "admin", `/api/v1/destinations/${ids.destination}`);
    ids.day = (await step("POST /api/v1/wards/{wardId}/days-off", "admin", `/api/v1/wards/${A}/days-off`, { date: "2026-10-10" })).id;
    await step("PATCH /api/v1/days-off/{dayOffId}", "admin", `/api/v1/days-off/${ids.day}`, { reason: "Lễ hội" });
    await step("DELETE /api/v1/days-off/{dayOffId}", "admin", `/api/v1/days-off/${ids.day}`);
    await step("PUT /api/v1/wards/{wardId}/zalo-oa", "admin", `/api/v1/wards/${A}/zalo-oa`, { appId: "360846524940903967", oaId: "388613280878808645", secretKey: "k", refreshToken: "r" });
    await step("DELETE /api/v1/wards/{wardId}/zalo-oa", "admin", `/api/v1/wards/${A}/zalo-oa`);
    await step("PUT /api/v1/wards/{wardId}/document-settings", "admin", `/api/v1/wards/${A}/document-settings`, { placeName: "Ngọc Lâm" });
    ids.meeting = (
      await step("POST /api/v1/wards/{wardId}/meetings", "admin", `/api/v1/wards/${A}/meetings`, {
        title: "Hội nghị", kind: "other", startsAt: "2030-11-29T14:00", location: "Nhà văn hóa", remindBefore: ["P1D"], invitees: { roles: ["leader"] },
      })
    ).id;
    await step("PATCH /api/v1/meetings/{meetingId}", "admin", `/api/v1/meetings/${ids.meeting}`, { location: "Hội trường" });
    await step("POST /api/v1/meetings/{meetingId}/cancel", "admin", `/api/v1/meetings/${ids.meeting}/cancel`);
    const cycle = w.idsOfA.cycleId!;
    await step("PUT /api/v1/cycles/{cycleId}/reports/{reportId}", "admin", `/api/v1/cycles/${cycle}/reports/${w.idsOfA.reportId}`, {
      answers: { ho_van_dong: "12 hộ", antt: "ổn định", ve_sinh: "có" },
      reason: "Tổ trưởng báo qua điện thoại",
    });
    await step("POST /api/v1/cycles/{cycleId}/reminders", "admin", `/api/v1/cycles/${cycle}/reminders`);
    await step("POST /api/v1/cycles/{cycleId}/close", "admin", `/api/v1/cycles/${cycle}/close`);
    await step("POST /api/v1/wards/{wardId}/summaries", "admin", `/api/v1/wards/${A}/summaries`, {});
    await step("POST /api/v1/cycles/{cycleId}/lock", "admin", `/api/v1/cycles/${cycle}/lock`);
    await step("POST /api/v1/cycles/{cycleId}/reopen", "admin", `/api/v1/cycles/${cycle}/reopen`);
    await step("POST /api/v1/wards/{wardId}/cycles", "admin", `/api/v1/wards/${A}/cycles`, {});
    ids.webhook = (await step("POST /api/v1/wards/{wardId}/webhooks", "admin", `/api/v1/wards/${A}/webhooks`, { url: "https://hooks.example.org/x" })).id;
    await step("DELETE /api/v1/webhooks/{webhookId}", "admin", `/api/v1/webhooks/${ids.webhook}`);
    await step("POST /api/v1/deliveries/{deliveryId}/retry", "admin", `/api/v1/deliveries/${w.idsOfA.deliveryId}/retry`);
    await t.db.outboxMessage.update({ where: { id: w.idsOfA.deliveryId }, data: { status: "dead" } });
    await step("POST /api/v1/wards/{wardId}/deliveries/retry", "admin", `/api/v1/wards/${A}/deliveries/retry`, {});
    ids.session = (await step("POST /api/v1/wards/{wardId}/simulator", "admin", `/api/v1/wards/${A}/simulator`, { memberId: w.a.leaders[1]!.id })).id;
    await step("POST /api/v1/simulator/{sessionId}/cycle", "admin", `/api/v1/simulator/${ids.session}/cycle`, { label: "Tuần thử" });
    await step("DELETE /api/v1/simulator/{sessionId}", "admin", `/api/v1/simulator/${ids.session}`);
    ids.token = (await step("POST /api/v1/tokens", "admin", "/api/v1/tokens", { name: "Kịch bản", unitId: A, role: "chair" })).id;
    await step("DELETE /api/v1/tokens/{tokenId}", "admin", `/api/v1/tokens/${ids.token}`);

    // Every write of the document was exercised (sign-in's own are tested with sign-in). A
    // simulator session's messages change only its preview data (deleted with it): its start,
    // restart and end are audited, not each message typed.
    done.add("POST /api/v1/simulator/{sessionId}/messages");
    const doc = (await t.call("GET", "/api/openapi.json")).body;
    const writes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).filter((m) => ["post", "put", "patch", "delete"].includes(m)).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(writes.filter((k) => !done.has(k) && !k.includes("/auth/"))).toEqual([]);
  });

  it("pages through the entries newest first with before and after, filtered by unit, actor and time, within the scope", async () => {
    const admin = bearer(w.tokens.adminA.token);
    await t.call("PATCH", `/api/v1/groups/${w.idsOfA.groupId}`, { name: "Tổ dân phố số 1A" }, admin);
    const [entry] = (await t.call("GET", `/api/v1/audit?actor=token:${w.tokens.adminA.id}&limit=1`, undefined, admin)).body;
    expect(entry).toMatchObject({
      action: "group.update", entity: "group", entityId: w.idsOfA.groupId, wardId: w.wardA, actor: `token:${w.tokens.adminA.id}`,
      before: { name: "Tổ dân phố số 1" }, after: { name: "Tổ dân phố số 1A" },
    });

    const seen: string[] = [];
    let path: string | undefined = `/api/v1/audit?unitId=${w.wardA}&limit=3`;
    while (path) {
      const page = await t.call("GET", path, undefined, admin);
      expect(page.status).toBe(200);
      seen.push(...page.body.map((e: any) => e.id));
      const next = page.headers.get("x-next-cursor");
      path = next ? `/api/v1/audit?unitId=${w.wardA}&limit=3&cursor=${next}` : undefined;
    }
    const all = await t.db.auditLog.findMany({ where: { wardId: w.wardA }, orderBy: [{ at: "desc" }, { id: "desc" }] });
    expect(seen).toEqual(all.map((e) => e.id));

    // Ward B's admin sees nothing of ward A; a chair does not read the audit.
    const other = await t.call("GET", "/api/v1/audit", undefined, bearer(w.tokens.adminB.token));
    expect(other.body.every((e: any) => e.wardId === w.wardB)).toBe(true);
    expect((await t.call("GET", "/api/v1/audit", undefined, bearer(w.tokens.chairA.token))).status).toBe(403);
    const future = await t.call("GET", `/api/v1/audit?from=2099-01-01`, undefined, admin);
    expect(future.body).toEqual([]);
    expect((await t.call("GET", `/api/v1/audit?to=nonsense`, undefined, admin)).body.error.details).toEqual([{ field: "to", code: "invalid_date", message: expect.stringContaining("Đến ngày chưa đúng") }]);
  });
});
