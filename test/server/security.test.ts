import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import { createDatabase } from "../../src/db/client.js";
import { createApp } from "../../src/server/app.js";
import { prepareAdminKeys } from "../../src/services/admin-tokens.js";
import { ADMIN_TOKEN, buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
const lines: string[] = [];
beforeEach(async () => {
  lines.length = 0;
  t = await buildTestApp({ log: createLogger("debug", (l) => lines.push(l)) });
});
afterEach(() => t.close());

describe("admin authentication", () => {
  it("answers 401 with the error shape to a missing, malformed or wrong token, on every /api route", async () => {
    for (const path of ["/api/v1/wards", "/api/v1/wards/x/members", "/api/v1/wards/x/document-settings", "/api/v1/cycles/x/summary.docx", "/api/openapi.json"]) {
      const none = await t.app.request(path);
      expect(none.status).toBe(401);
      expect((await none.json()).error.code).toBe("unauthorized");
      const wrong = await t.app.request(path, { headers: { authorization: "Bearer not-the-token" } });
      expect(wrong.status).toBe(401);
      const basic = await t.app.request(path, { headers: { authorization: "Basic abc" } });
      expect(basic.status).toBe(401);
    }
    const post = await t.app.request("/api/v1/wards", {
      method: "POST",
      headers: { authorization: "Bearer nope", "content-type": "application/json" },
      body: JSON.stringify({ name: "Phường X" }),
    });
    expect(post.status).toBe(401);
    expect(await t.db.unit.count()).toBe(0);
  });

  it("keeps /healthz public", async () => {
    const res = await t.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", version: "test", database: { status: "ok" } });
  });

  it("generates a token when none is configured, stores only its hash, and accepts it", async () => {
    const first = await prepareAdminKeys(t.db, undefined);
    expect(first.generatedToken).toMatch(/^[0-9a-f]{64}$/);
    const stored = await t.db.adminToken.findMany();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toBe(first.generatedToken);
    expect(await first.keys.verify(first.generatedToken!)).toMatch(/^admin:[0-9a-f]{8}$/);
    expect(await first.keys.verify("guess")).toBeNull();
    // A restart does not print or make another one.
    const second = await prepareAdminKeys(t.db, undefined);
    expect(second.generatedToken).toBeUndefined();
    expect(await second.keys.verify(first.generatedToken!)).not.toBeNull();
  });
});

describe("errors, audit and logs", () => {
  it("answers unknown routes with the JSON error shape", async () => {
    const res = await t.call("GET", "/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });

  it("writes every change to the audit log with the acting token's fingerprint, never the token", async () => {
    const ward = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
    const group = (await t.call("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ 1" })).body;
    await t.call("POST", `/api/v1/wards/${ward.id}/members`, { name: "Nguyễn Văn Tuấn", role: "leader", groupId: group.id });
    await t.call("PATCH", `/api/v1/wards/${ward.id}`, { name: "Phường Ngọc Lâm mới" });
    const entries = await t.db.auditLog.findMany({ orderBy: { at: "asc" } });
    expect(entries.map((e) => e.action)).toEqual(["ward.create", "group.create", "member.create", "ward.update"]);
    expect(new Set(entries.map((e) => e.actor)).size).toBe(1);
    expect(entries[0]!.actor).toMatch(/^admin:[0-9a-f]{8}$/);
    expect(JSON.stringify(entries)).not.toContain(ADMIN_TOKEN);
  });

  it("logs each request with an id and status, without tokens or phone numbers", async () => {
    const ward = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
    const group = (await t.call("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ 1" })).body;
    const res = await t.call("POST", `/api/v1/wards/${ward.id}/members`, {
      name: "Nguyễn Văn Tuấn", role: "leader", groupId: group.id, phone: "0912345678",
    });
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const entries = lines.map((l) => JSON.parse(l));
    const requests = entries.filter((e) => e.msg === "request");
    expect(requests).toHaveLength(3);
    expect(requests[2]).toMatchObject({ method: "POST", status: 201, requestId: res.headers.get("x-request-id") });
    const all = lines.join("\n");
    expect(all).not.toContain(ADMIN_TOKEN);
    expect(all).not.toContain("912345678");
    expect(all).not.toContain(res.body.invite.code);
  });

  it("publishes an OpenAPI document built from the schemas", async () => {
    const res = await t.call("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const p of [
      "/api/v1/wards", "/api/v1/wards/{wardId}", "/api/v1/wards/{wardId}/groups", "/api/v1/wards/{wardId}/members",
      "/api/v1/members/{memberId}/invite", "/api/v1/wards/{wardId}/members/import", "/api/v1/wards/{wardId}/form",
      "/api/v1/wards/{wardId}/schedule", "/api/v1/wards/{wardId}/meetings", "/api/v1/meetings/{meetingId}",
      "/api/v1/wards/{wardId}/destinations", "/api/v1/wards/{wardId}/document-settings",
      "/api/v1/cycles/{cycleId}/summary.xlsx", "/api/v1/cycles/{cycleId}/summary.docx",
    ])
      expect(paths).toContain(p);
    expect(res.body.components.schemas.MemberCreate.properties.role.enum).toEqual(["leader", "front_head", "chair", "admin"]);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });
});

describe("health", () => {
  it("answers 503 when the database cannot be reached", async () => {
    // A libSQL server address where nothing listens: a real, unreachable database.
    const db = await createDatabase({ url: "http://127.0.0.1:9" });
    const { keys } = await prepareAdminKeys(t.db, ADMIN_TOKEN);
    const app = createApp({ db, log: createLogger("silent"), now: () => new Date(), adminKeys: keys, version: "x", defaultTimezone: "Asia/Ho_Chi_Minh" });
    const res = await app.request("/healthz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "unavailable", database: { status: "unreachable" } });
  });
});
