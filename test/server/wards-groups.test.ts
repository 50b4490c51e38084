import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(() => t.close());

describe("wards", () => {
  it("creates, lists, reads and renames a ward, with the app's time zone by default", async () => {
    const created = await t.call("POST", "/api/v1/wards", { name: "  Phường   Ngọc Lâm " });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Phường Ngọc Lâm", timezone: "Asia/Ho_Chi_Minh", kind: "ward" });
    const id = created.body.id;

    const list = await t.call("GET", "/api/v1/wards");
    expect(list.status).toBe(200);
    expect(list.body.map((w: any) => w.id)).toEqual([id]);

    const patched = await t.call("PATCH", `/api/v1/wards/${id}`, { name: "Phường Bồ Đề", timezone: "Asia/Bangkok" });
    expect(patched.status).toBe(200);
    const got = await t.call("GET", `/api/v1/wards/${id}`);
    expect(got.body).toMatchObject({ id, name: "Phường Bồ Đề", timezone: "Asia/Bangkok", groupCount: 0 });
  });

  it("names each bad field in a 400", async () => {
    const res = await t.call("POST", "/api/v1/wards", { name: "", timezone: "Mars/Olympus" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_input");
    const fields = res.body.error.details.map((d: any) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["name", "timezone"]));
  });

  it("rejects malformed JSON and unknown fields with 400, creating nothing", async () => {
    const malformed = await t.call("POST", "/api/v1/wards", "{name:", { "content-type": "application/json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("invalid_input");
    const extra = await t.call("POST", "/api/v1/wards", { name: "Phường A", colour: "red" });
    expect(extra.status).toBe(400);
    expect((await t.call("GET", "/api/v1/wards")).body).toEqual([]);
  });

  it("answers 404 for an unknown ward and 409 for a duplicate name", async () => {
    expect((await t.call("GET", "/api/v1/wards/nope")).status).toBe(404);
    expect((await t.call("PATCH", "/api/v1/wards/nope", { name: "X" })).status).toBe(404);
    await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" });
    const dup = await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("conflict");
  });
});

describe("groups", () => {
  it("adds groups, lists them in natural order, and refuses a duplicate name with 409", async () => {
    const ward = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
    for (const name of ["Tổ dân phố số 10", "Tổ dân phố số 2", "Tổ dân phố số 1"]) {
      const res = await t.call("POST", `/api/v1/wards/${ward.id}/groups`, { name });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ wardId: ward.id, name });
      expect(typeof res.body.id).toBe("string");
    }
    const list = await t.call("GET", `/api/v1/wards/${ward.id}/groups`);
    expect(list.body.map((g: any) => g.name)).toEqual(["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 10"]);

    const dup = await t.call("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ dân phố số 2" });
    expect(dup.status).toBe(409);
    expect((await t.call("GET", `/api/v1/wards/${ward.id}`)).body.groupCount).toBe(3);
  });

  it("allows the same group name in two different wards", async () => {
    const a = (await t.call("POST", "/api/v1/wards", { name: "Phường A" })).body;
    const b = (await t.call("POST", "/api/v1/wards", { name: "Phường B" })).body;
    expect((await t.call("POST", `/api/v1/wards/${a.id}/groups`, { name: "Tổ 1" })).status).toBe(201);
    expect((await t.call("POST", `/api/v1/wards/${b.id}/groups`, { name: "Tổ 1" })).status).toBe(201);
  });

  it("answers 404 for groups of an unknown ward", async () => {
    expect((await t.call("POST", "/api/v1/wards/nope/groups", { name: "Tổ 1" })).status).toBe(404);
    expect((await t.call("GET", "/api/v1/wards/nope/groups")).status).toBe(404);
  });
});
