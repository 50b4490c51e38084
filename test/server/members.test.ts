import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/core/crypto.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let wardId: string;
let groupId: string;
beforeEach(async () => {
  t = await buildTestApp({ telegramBotUsername: "wardbot_test_bot" });
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  groupId = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ dân phố số 1" })).body.id;
});
afterEach(() => t.close());

describe("members", () => {
  it("adds a leader with an unguessable single-use invite and a Telegram deep link", async () => {
    const res = await t.call("POST", `/api/v1/wards/${wardId}/members`, {
      name: "Nguyễn Văn Tuấn",
      role: "leader",
      groupId,
      phone: "0912 345 678",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "Nguyễn Văn Tuấn", role: "leader", groupId, phone: "+84912345678" });
    const { code, expiresAt, telegramLink } = res.body.invite;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{13}$/);
    expect(telegramLink).toBe(`https://t.me/wardbot_test_bot?start=${code}`);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 7 * 24 * 3600_000);

    // Only a hash of the code is stored.
    const stored = await t.db.inviteCode.findMany();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.codeHash).toBe(await sha256Hex(code));
    expect(JSON.stringify(stored)).not.toContain(code);
  });

  it("lists members with their bound channels", async () => {
    const m = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Trần Thị Nga", role: "front_head", groupId })).body;
    await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Lê Hoàng Hà", role: "chair" });
    await t.db.channelIdentity.create({ data: { memberId: m.id, channel: "telegram", externalId: "42", address: "telegram:42" } });

    const list = await t.call("GET", `/api/v1/wards/${wardId}/members`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);
    const nga = list.body.find((x: any) => x.id === m.id);
    expect(nga.channels).toEqual([{ channel: "telegram", boundAt: expect.any(String) }]);
    const chair = list.body.find((x: any) => x.role === "chair");
    expect(chair).toMatchObject({ name: "Lê Hoàng Hà", groupId: null, channels: [] });
  });

  it("requires a group for leaders, refuses one for chairs, and one from another ward", async () => {
    const noGroup = await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "A", role: "leader" });
    expect(noGroup.status).toBe(400);
    expect(noGroup.body.error.details).toEqual([{ field: "groupId", code: "required", message: "Tổ trưởng tổ dân phố cần chọn tổ dân phố." }]);

    const chairWithGroup = await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "B", role: "chair", groupId });
    expect(chairWithGroup.status).toBe(400);

    const other = (await t.call("POST", "/api/v1/wards", { name: "Phường Khác" })).body.id;
    const foreignGroup = (await t.call("POST", `/api/v1/wards/${other}/groups`, { name: "Tổ X" })).body.id;
    const foreign = await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "C", role: "leader", groupId: foreignGroup });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].field).toBe("groupId");

    const badRole = await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "D", role: "tổ phó", groupId });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.details[0].field).toBe("role");

    const badPhone = await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "E", role: "leader", groupId, phone: "12345" });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.details[0].field).toBe("phone");

    expect((await t.call("GET", `/api/v1/wards/${wardId}/members`)).body).toEqual([]);
  });

  it("reissues an invite: a new code, the old one revoked", async () => {
    const m = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Nguyễn Thị Hải Yến", role: "leader", groupId })).body;
    const again = await t.call("POST", `/api/v1/members/${m.id}/invite`);
    expect(again.status).toBe(200);
    expect(again.body.code).not.toBe(m.invite.code);
    const rows = await t.db.inviteCode.findMany({ where: { memberId: m.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.revokedAt !== null)).toEqual([true, false]);
    expect(rows[1]!.codeHash).toBe(await sha256Hex(again.body.code));
    expect((await t.call("POST", "/api/v1/members/nope/invite")).status).toBe(404);
  });
});
