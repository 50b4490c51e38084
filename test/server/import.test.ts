import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let wardId: string;
beforeEach(async () => {
  t = await buildTestApp();
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
});
afterEach(() => t.close());

const importCsv = (csv: string) =>
  t.call("POST", `/api/v1/wards/${wardId}/members/import`, csv, { "content-type": "text/csv; charset=utf-8" });

describe("CSV import", () => {
  it("imports people with Vietnamese role words, creating the groups it names", async () => {
    const csv = [
      "group,role,name,phone",
      "Tổ dân phố số 1,tổ trưởng,Nguyễn Văn Tuấn,0912345678",
      "Tổ dân phố số 1,Trưởng ban CTMT,Trần Thị Nga,",
      "Tổ dân phố số 2,to truong,Lê Hoàng Hà,+84 987 654 321",
      ",Chủ tịch UBND,Phạm Minh Đức,",
    ].join("\n");
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 4, skipped: 0, groupsCreated: 2, errors: [] });
    expect(res.body.members.map((m: any) => m.invite.code)).toHaveLength(4);

    const members = (await t.call("GET", `/api/v1/wards/${wardId}/members`)).body;
    const groups = (await t.call("GET", `/api/v1/wards/${wardId}/groups`)).body;
    expect(groups.map((g: any) => g.name)).toEqual(["Tổ dân phố số 1", "Tổ dân phố số 2"]);
    const byName = Object.fromEntries(members.map((m: any) => [m.name, m]));
    expect(byName["Nguyễn Văn Tuấn"]).toMatchObject({ role: "leader", groupId: groups[0].id, phone: "+84912345678" });
    expect(byName["Trần Thị Nga"]).toMatchObject({ role: "front_head", groupId: groups[0].id, phone: null });
    expect(byName["Lê Hoàng Hà"]).toMatchObject({ role: "leader", groupId: groups[1].id });
    expect(byName["Phạm Minh Đức"]).toMatchObject({ role: "chair", groupId: null });
  });

  it("accepts Vietnamese headers, a BOM, semicolons and quoted fields", async () => {
    const csv = '\uFEFFTổ;Vai trò;Họ và tên;Số điện thoại\r\n"Tổ 5, khu A";Tổ trưởng;"Nguyễn Văn Tuấn";0912 345 678\r\n';
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1);
    const groups = (await t.call("GET", `/api/v1/wards/${wardId}/groups`)).body;
    expect(groups[0].name).toBe("Tổ 5, khu A");
  });

  it("creates nothing when one row is bad, and names the line as in the file", async () => {
    const csv = [
      "group,role,name,phone", // line 1
      "Tổ 1,tổ trưởng,Nguyễn Văn Tuấn,0912345678", // line 2
      "", // line 3: blank, still counted
      "Tổ 1,tổ phó,Trần Thị Nga,", // line 4: unknown role
      "Tổ 2,tổ trưởng,Lê Hoàng Hà,0123", // line 5: bad phone
      ",tổ trưởng,Đỗ Văn Nam,", // line 6: leader without group
    ].join("\n");
    const res = await importCsv(csv);
    expect(res.status).toBe(400);
    expect(res.body.created).toBeUndefined();
    expect(res.body.error.code).toBe("invalid_input");
    const lines = res.body.error.details.map((e: any) => e.line);
    expect(lines).toEqual([4, 5, 6]);
    expect(res.body.error.details[0].message).toContain("tổ phó");
    expect(await t.db.member.count()).toBe(0);
    expect(await t.db.unit.count({ where: { kind: "group" } })).toBe(0);
  });

  it("reports a missing column on line 1 and a duplicate row by its line", async () => {
    const noRole = await importCsv("group,name\nTổ 1,Nguyễn Văn Tuấn\n");
    expect(noRole.status).toBe(400);
    expect(noRole.body.error.details).toEqual([{ line: 1, message: expect.stringContaining("role") }]);

    const dup = await importCsv("group,role,name\nTổ 1,tổ trưởng,Nguyễn Văn Tuấn\nTổ 1,to truong,Nguyen Van Tuan\n");
    expect(dup.status).toBe(400);
    expect(dup.body.error.details).toEqual([{ line: 3, message: expect.stringContaining("dòng 2") }]);
  });

  it("skips people already in the ward, so a file can be imported twice", async () => {
    const csv = "group,role,name\nTổ 1,tổ trưởng,Nguyễn Văn Tuấn\nTổ 1,trưởng ban,Trần Thị Nga\n";
    expect((await importCsv(csv)).body.created).toBe(2);
    const again = await importCsv(csv + "Tổ 2,tổ trưởng,Lê Hoàng Hà\n");
    expect(again.body).toMatchObject({ created: 1, skipped: 2, groupsCreated: 1 });
    expect(await t.db.member.count()).toBe(3);
  });

  it("answers 404 for an unknown ward", async () => {
    const res = await t.call("POST", "/api/v1/wards/nope/members/import", "group,role,name\n", { "content-type": "text/csv" });
    expect(res.status).toBe(404);
  });
});
