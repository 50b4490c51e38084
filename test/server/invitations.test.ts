import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

/** POST /wards/{id}/invitations: fresh codes for a printed sheet, a ward or one group at a time. */
let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp({ telegramBotUsername: "ngoclam_bot" });
});
afterEach(async () => t.close());

async function ward() {
  const wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  const g10 = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ dân phố số 10" })).body.id;
  const g2 = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ dân phố số 2" })).body.id;
  const add = async (name: string, role: string, groupId: string | null) => (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name, role, groupId })).body;
  const people = {
    chair: await add("Lê Văn Chủ", "chair", null),
    tuan: await add("Nguyễn Văn Tuấn", "leader", g10),
    lan: await add("Trần Thị Lan", "front_head", g2),
    binh: await add("Phạm Văn Bình", "leader", g2),
  };
  return { wardId, g10, g2, people };
}

describe("invitations to print", () => {
  it("gives the whole ward's people, ordered by group (as people read numbers), role and name, with deep links, and revokes the older codes", async () => {
    const w = await ward();
    const res = await t.call("POST", `/api/v1/wards/${w.wardId}/invitations`, {});
    expect(res.status).toBe(200);
    expect(res.body.wardName).toBe("Phường Ngọc Lâm");
    expect(res.body.invitations.map((i: any) => [i.groupName, i.role, i.name])).toEqual([
      ["Tổ dân phố số 2", "front_head", "Trần Thị Lan"],
      ["Tổ dân phố số 2", "leader", "Phạm Văn Bình"],
      ["Tổ dân phố số 10", "leader", "Nguyễn Văn Tuấn"],
      [null, "chair", "Lê Văn Chủ"],
    ]);
    for (const i of res.body.invitations) expect(i.invite.telegramLink).toBe(`https://t.me/ngoclam_bot?start=${i.invite.code}`);
    // Only the printed codes work now: one live code per person.
    const live = await t.db.inviteCode.findMany({ where: { revokedAt: null } });
    expect(live).toHaveLength(4);
    expect(new Set(live.map((c) => c.memberId)).size).toBe(4);
    expect(await t.db.auditLog.count({ where: { action: "member.invite_sheet" } })).toBe(1);
  });

  it("gives one group's people only, leaves out those already bound unless asked for all, and names a bad group", async () => {
    const w = await ward();
    // Bình has bound his Telegram account already.
    await t.db.channelIdentity.create({ data: { memberId: w.people.binh.id, channel: "telegram", externalId: "5001", address: "telegram:5001" } });
    const unbound = await t.call("POST", `/api/v1/wards/${w.wardId}/invitations`, { groupId: w.g2 });
    expect(unbound.body.invitations.map((i: any) => i.name)).toEqual(["Trần Thị Lan"]);
    const all = await t.call("POST", `/api/v1/wards/${w.wardId}/invitations`, { groupId: w.g2, include: "all" });
    expect(all.body.invitations.map((i: any) => i.name)).toEqual(["Trần Thị Lan", "Phạm Văn Bình"]);
    const bad = await t.call("POST", `/api/v1/wards/${w.wardId}/invitations`, { groupId: "nope" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: "groupId", code: "unknown_reference", message: "Tổ đã chọn không phải tổ dân phố của phường/xã này." }]);
    expect((await t.call("POST", `/api/v1/wards/nope/invitations`, {})).status).toBe(404);
  });
});
