import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let wardId: string;
beforeEach(async () => {
  t = await buildTestApp();
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
});
afterEach(() => t.close());

const ZW = "\u200B\u200C\u200D\uFEFF\u00AD\u200E\u200F";

describe("names through the admin API", () => {
  it("refuses a name made only of invisible characters with a 400 naming the field, on every create and update", async () => {
    const group = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 1" })).body;
    const member = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Lê Hà", role: "chair" })).body;
    for (const [method, path, body] of [
      ["POST", "/api/v1/wards", { name: ZW }],
      ["PATCH", `/api/v1/wards/${wardId}`, { name: ZW }],
      ["POST", `/api/v1/wards/${wardId}/groups`, { name: ` ${ZW} ` }],
      ["PATCH", `/api/v1/groups/${group.id}`, { name: ZW }],
      ["POST", `/api/v1/wards/${wardId}/members`, { name: ZW, role: "chair" }],
      ["PATCH", `/api/v1/members/${member.id}`, { name: ZW }],
      ["POST", "/api/v1/units", { name: ZW, kind: "province" }],
    ] as const) {
      const res = await t.call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body.error.details, `${method} ${path}`).toEqual([{ field: "name", code: "required", message: "Xin nhập tên." }]);
    }
  });

  it("stores names clean: invisible characters dropped, NFC, single spaces", async () => {
    const res = await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "\uFEFFTo\u0302\u0309\u200B  dân\u00A0phố số 1" });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe("Tổ dân phố số 1");
    const stored = await t.db.unit.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(stored.name).toBe("Tổ dân phố số 1");
  });

  it("treats names differing only in case or invisible characters as the same: wards, groups and members", async () => {
    const ward = await t.call("POST", "/api/v1/wards", { name: "PHƯỜNG NGỌC\u200B LÂM" });
    expect(ward.status).toBe(409);
    expect(ward.body.error.details).toEqual({ id: wardId });

    const group = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ dân phố số 1" })).body;
    const dupGroup = await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "tổ dân phố\u200C SỐ 1" });
    expect(dupGroup.status).toBe(409);
    expect(dupGroup.body.error.details).toEqual({ id: group.id });

    const member = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Nguyễn Văn Tuấn", role: "leader", groupId: group.id, phone: "0912 345 678" })).body;
    const dupMember = await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "NGUYỄN VĂN\u200B TUẤN", role: "leader", groupId: group.id, phone: "+84 912 345 678" });
    expect(dupMember.status).toBe(409);
    expect(dupMember.body.error.details).toEqual({ id: member.id });
    expect((await t.call("GET", `/api/v1/wards/${wardId}/members`)).body).toHaveLength(1);

    // Same name, another phone: another person. Diacritics count: "Tuân" is not "Tuấn".
    expect((await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Nguyễn Văn Tuấn", role: "chair", phone: "0987 654 321" })).status).toBe(201);
    expect((await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Nguyễn Văn Tuân", role: "leader", groupId: group.id, phone: "0912 345 678" })).status).toBe(201);
  });

  it("refuses renaming to a name that exists (by nameKey) with 409, and allows a change of case of one's own name", async () => {
    const other = (await t.call("POST", "/api/v1/wards", { name: "Phường Bồ Đề" })).body;
    expect((await t.call("PATCH", `/api/v1/wards/${other.id}`, { name: "phường ngọc lâm" })).status).toBe(409);
    expect((await t.call("PATCH", `/api/v1/wards/${wardId}`, { name: "PHƯỜNG NGỌC LÂM" })).status).toBe(200);

    const a = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 1" })).body;
    const b = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 2" })).body;
    const clash = await t.call("PATCH", `/api/v1/groups/${b.id}`, { name: "TỔ 1" });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details).toEqual({ id: a.id });

    const m1 = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Trần Thị Nga", role: "chair" })).body;
    const m2 = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Lê Văn Nam", role: "chair" })).body;
    const dup = await t.call("PATCH", `/api/v1/members/${m2.id}`, { name: "trần thị nga" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details).toEqual({ id: m1.id });
  });

  it("takes two people of the same name without a phone in different groups, and refuses the same name twice in one group", async () => {
    const g1 = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 1" })).body;
    const g2 = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 2" })).body;
    const first = await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Nguyễn Văn Hùng", role: "front_head", groupId: g1.id });
    expect(first.status).toBe(201);
    expect((await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Nguyễn Văn Hùng", role: "front_head", groupId: g2.id })).status).toBe(201);
    const again = await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "nguyễn văn hùng", role: "leader", groupId: g1.id });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual({ id: first.body.id });
  });
});
