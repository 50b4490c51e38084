import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(() => t.close());

describe("units above wards", () => {
  it("creates a province, lets wards join it, and lists its children in natural order", async () => {
    const created = await t.call("POST", "/api/v1/units", { name: "  Thành phố   Đà Nẵng ", kind: "province" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name: "Thành phố Đà Nẵng", kind: "province", parentId: null, createdAt: expect.any(String) });
    const provinceId = created.body.id;
    for (const name of ["Phường 10", "Phường 2", "Phường Hòa Khánh Bắc"])
      expect((await t.call("POST", "/api/v1/wards", { name, parentId: provinceId })).status).toBe(201);

    const got = await t.call("GET", `/api/v1/units/${provinceId}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: provinceId, name: "Thành phố Đà Nẵng", kind: "province", parentId: null });
    expect(got.body.children.map((c: any) => [c.name, c.kind])).toEqual([
      ["Phường 2", "ward"],
      ["Phường 10", "ward"],
      ["Phường Hòa Khánh Bắc", "ward"],
    ]);
    expect(await t.db.auditLog.count({ where: { action: "unit.create", entityId: provinceId } })).toBe(1);
  });

  it("names the bad field in a 400, answers 409 for a duplicate top-level name and 404 for an unknown unit", async () => {
    const bad = await t.call("POST", "/api/v1/units", { name: "", kind: "district" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.field)).toEqual(expect.arrayContaining(["name", "kind"]));
    expect((await t.call("POST", "/api/v1/units", { name: "Tỉnh Quảng Trị", kind: "province", parentId: "x" })).status).toBe(400);

    expect((await t.call("POST", "/api/v1/units", { name: "Tỉnh Quảng Trị", kind: "province" })).status).toBe(201);
    const dup = await t.call("POST", "/api/v1/units", { name: "Tỉnh  Quảng Trị", kind: "province" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("conflict");

    const missing = await t.call("GET", "/api/v1/units/nope");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });

  it("are documented in the OpenAPI document, with the roll-up", async () => {
    const doc = (await t.call("GET", "/api/openapi.json")).body;
    for (const p of ["/api/v1/units", "/api/v1/units/{unitId}", "/api/v1/units/{unitId}/rollup", "/api/v1/units/{unitId}/rollup.xlsx"])
      expect(Object.keys(doc.paths)).toContain(p);
    expect(doc.paths["/api/v1/units/{unitId}/rollup"].get.parameters.map((p: any) => p.name)).toEqual(["unitId", "from", "to"]);
    expect(doc.components.schemas.UnitCreate.properties.kind.enum).toEqual(["province"]);
  });
});
