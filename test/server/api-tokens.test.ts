import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACCESS_RULES } from "../../src/server/access.js";
import { ADMIN_TOKEN, buildTestApp, type TestApp } from "../support/app.js";
import { bearer } from "../support/two-wards.js";

let t: TestApp;
let clock: Date;
let wardId: string;
beforeEach(async () => {
  clock = new Date("2026-12-01T02:00:00Z");
  t = await buildTestApp({ now: () => clock });
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
});
afterEach(() => t.close());

const minutes = (n: number) => (clock = new Date(clock.getTime() + n * 60_000));

describe("API tokens", () => {
  it("are shown once, stored hashed, listed without the token and with their last use", async () => {
    const made = await t.call("POST", "/api/v1/tokens", { name: "Phần mềm một cửa", unitId: wardId, role: "admin", expiresAt: "2027-01-01T00:00:00+07:00" });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({
      id: expect.any(String), token: expect.stringMatching(/^wbt_[A-Za-z0-9_-]{43}$/), name: "Phần mềm một cửa", unitId: wardId, role: "admin",
      expiresAt: "2026-12-31T17:00:00.000Z", createdAt: expect.any(String),
    });
    const stored = await t.db.apiToken.findUniqueOrThrow({ where: { id: made.body.id } });
    expect(JSON.stringify(stored)).not.toContain(made.body.token);

    expect((await t.call("GET", `/api/v1/wards/${wardId}`, undefined, bearer(made.body.token))).status).toBe(200);
    const listed = await t.call("GET", "/api/v1/tokens");
    expect(listed.text).not.toContain(made.body.token);
    expect(listed.body).toEqual([expect.objectContaining({ id: made.body.id, lastUsedAt: clock.toISOString(), revokedAt: null, createdBy: expect.stringMatching(/^admin:/) })]);
    // The audit names the token as the actor of what it does.
    await t.call("PATCH", `/api/v1/wards/${wardId}`, { name: "Phường Ngọc Lâm Mới" }, bearer(made.body.token));
    expect((await t.db.auditLog.findFirstOrThrow({ where: { action: "ward.update" } })).actor).toBe(`token:${made.body.id}`);
  });

  it("write the last-used time at most once a minute, not on every request", async () => {
    const { token, id } = (await t.call("POST", "/api/v1/tokens", { name: "Kịch bản", unitId: wardId, role: "chair" })).body;
    const first = new Date(clock);
    for (let i = 0; i < 5; i++) await t.call("GET", "/api/v1/wards", undefined, bearer(token));
    minutes(0.5);
    await t.call("GET", "/api/v1/wards", undefined, bearer(token));
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first);
    minutes(1);
    await t.call("GET", "/api/v1/wards", undefined, bearer(token));
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(clock);
  });

  it("stop working at once when revoked, and when expired; a malformed one is a 401 too", async () => {
    const { token, id } = (await t.call("POST", "/api/v1/tokens", { name: "Tạm", unitId: wardId, role: "admin", expiresAt: new Date(clock.getTime() + 3_600_000).toISOString() })).body;
    expect((await t.call("GET", "/api/v1/wards", undefined, bearer(token))).status).toBe(200);
    const revoked = await t.call("DELETE", `/api/v1/tokens/${id}`);
    expect(revoked.body.revokedAt).toBe(clock.toISOString());
    const refused = await t.call("GET", "/api/v1/wards", undefined, bearer(token));
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("unauthorized");

    const other = (await t.call("POST", "/api/v1/tokens", { name: "Hết hạn", unitId: wardId, role: "admin", expiresAt: new Date(clock.getTime() + 60_000).toISOString() })).body;
    minutes(2);
    expect((await t.call("GET", "/api/v1/wards", undefined, bearer(other.token))).status).toBe(401);
    for (const bad of ["wbt_short", `wbt_${"x".repeat(43)}`, "wbt_" + "!".repeat(43)])
      expect((await t.call("GET", "/api/v1/wards", undefined, bearer(bad))).body.error.code).toBe("unauthorized");
    // The owner token still works.
    expect((await t.call("GET", "/api/v1/wards", undefined, bearer(ADMIN_TOKEN))).status).toBe(200);
  });

  it("are refused with 400 naming the field for a past expiry, an unknown unit or a group", async () => {
    const group = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 1" })).body.id;
    expect((await t.call("POST", "/api/v1/tokens", { name: "A", unitId: wardId, role: "admin", expiresAt: "2020-01-01T00:00:00Z" })).body.error.details).toEqual([{ field: "expiresAt", code: "not_in_future", message: "Ngày hết hạn phải ở tương lai." }]);
    expect((await t.call("POST", "/api/v1/tokens", { name: "A", unitId: "nope", role: "admin" })).body.error.details).toEqual([{ field: "unitId", code: "unknown_reference", message: expect.stringMatching(/[à-ỹ]/) }]);
    expect((await t.call("POST", "/api/v1/tokens", { name: "A", unitId: group, role: "admin" })).body.error.details).toEqual([{ field: "unitId", code: "invalid_value", message: expect.stringMatching(/[à-ỹ]/) }]);
    expect((await t.call("POST", "/api/v1/tokens", { name: "A", unitId: wardId, role: "owner" })).status).toBe(400);
    expect(await t.db.apiToken.count()).toBe(0);
  });

  it("made by a ward admin stay within that ward", async () => {
    const admin = (await t.call("POST", "/api/v1/tokens", { name: "Quản trị", unitId: wardId, role: "admin" })).body;
    const chair = await t.call("POST", "/api/v1/tokens", { name: "Chủ tịch", unitId: wardId, role: "chair" }, bearer(admin.token));
    expect(chair.status).toBe(201);
    const other = (await t.call("POST", "/api/v1/wards", { name: "Phường Bồ Đề" })).body.id;
    expect((await t.call("POST", "/api/v1/tokens", { name: "Lấn", unitId: other, role: "chair" }, bearer(admin.token))).status).toBe(400);
    expect((await t.call("POST", "/api/v1/tokens", { name: "Lên", unitId: wardId, role: "admin" }, bearer(chair.body.token))).status).toBe(403);
  });
});

describe("the access rules", () => {
  it("name only operations that exist", async () => {
    const doc = (await t.call("GET", "/api/openapi.json")).body;
    const keys = Object.entries(doc.paths as Record<string, object>).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(Object.keys(ACCESS_RULES).filter((k) => !keys.includes(k))).toEqual([]);
  });
});
