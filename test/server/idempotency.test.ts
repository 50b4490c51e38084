import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/core/crypto.js";
import { createLogger } from "../../src/core/logger.js";
import { createApp } from "../../src/server/app.js";
import { prepareAdminKeys } from "../../src/services/admin-tokens.js";
import { claimIdempotencyKey } from "../../src/services/idempotency.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { freshDatabase } from "../support/database.js";

let t: TestApp;
let clock: Date;
beforeEach(async () => {
  clock = new Date("2026-12-01T08:00:00Z");
  t = await buildTestApp({ now: () => clock });
});
afterEach(() => t.close());

const key = (k: string) => ({ "Idempotency-Key": k });

describe("Idempotency-Key", () => {
  it("replays the first answer to a retry with the same key and body, creating once", async () => {
    const wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
    const body = { name: "Nguyễn Văn Tuấn", role: "chair" };
    const first = await t.call("POST", `/api/v1/wards/${wardId}/members`, body, key("add-tuan-1"));
    const retry = await t.call("POST", `/api/v1/wards/${wardId}/members`, body, key("add-tuan-1"));
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text); // the same member and the same invitation code
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await t.db.member.count()).toBe(1);
    expect(await t.db.inviteCode.count()).toBe(1);
    // The stored answer does not hold the invitation code in clear.
    const stored = await t.db.idempotencyKey.findFirstOrThrow();
    expect(stored.body).not.toContain(first.body.invite.code);
  });

  it("works on every creating route: wards and groups too", async () => {
    const a = await t.call("POST", "/api/v1/wards", { name: "Phường A" }, key("w"));
    const b = await t.call("POST", "/api/v1/wards", { name: "Phường A" }, key("w"));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    const g1 = await t.call("POST", `/api/v1/wards/${a.body.id}/groups`, { name: "Tổ 1" }, key("g"));
    const g2 = await t.call("POST", `/api/v1/wards/${a.body.id}/groups`, { name: "Tổ 1" }, key("g"));
    expect(g2.status).toBe(201);
    expect(g2.body.id).toBe(g1.body.id);
  });

  it("refuses the same key with another body with a 422 naming the header, creating nothing", async () => {
    await t.call("POST", "/api/v1/wards", { name: "Phường A" }, key("k1"));
    const res = await t.call("POST", "/api/v1/wards", { name: "Phường B" }, key("k1"));
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ field: "Idempotency-Key", code: "not_accepted", message: expect.stringContaining("đã dùng cho một yêu cầu khác") }]);
    expect((await t.call("GET", "/api/v1/wards")).body.map((w: any) => w.name)).toEqual(["Phường A"]);
  });

  it("does not keep a failed answer: a corrected request may use the same key", async () => {
    expect((await t.call("POST", "/api/v1/wards", { name: "" }, key("k2"))).status).toBe(400);
    expect((await t.call("POST", "/api/v1/wards", { name: "Phường A" }, key("k2"))).status).toBe(201);
  });

  it("forgets a key after 24 hours", async () => {
    await t.call("POST", "/api/v1/wards", { name: "Phường A" }, key("k3"));
    clock = new Date(clock.getTime() + 24 * 3600_000 + 1000);
    const again = await t.call("POST", "/api/v1/wards", { name: "Phường B" }, key("k3"));
    expect(again.status).toBe(201);
    expect(await t.db.idempotencyKey.count()).toBe(1);
  });

  it("refuses a malformed key with a 400 naming the header", async () => {
    const res = await t.call("POST", "/api/v1/wards", { name: "Phường A" }, key("x".repeat(256)));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe("Idempotency-Key");
  });

  it("lets one request run per key: a second claim while the first runs is told so", async () => {
    const ref = { actor: "admin:abc", key: "same" };
    expect(await claimIdempotencyKey(t.db, clock, ref, "h")).toEqual({ kind: "run" });
    expect(await claimIdempotencyKey(t.db, clock, ref, "h")).toEqual({ kind: "in_progress" });
    expect(await claimIdempotencyKey(t.db, clock, ref, "other")).toEqual({ kind: "mismatch" });
  });

  it("keeps keys apart per admin token", async () => {
    const { db } = await freshDatabase();
    for (const token of ["token-one-0123456789", "token-two-0123456789"]) await db.adminToken.create({ data: { tokenHash: await sha256Hex(token) } });
    const { keys } = await prepareAdminKeys(db, undefined);
    const app = createApp({ db, log: createLogger("silent"), now: () => new Date(), adminKeys: keys, version: "test", defaultTimezone: "Asia/Ho_Chi_Minh" });
    const post = (token: string, name: string) =>
      app.request("/api/v1/wards", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "Idempotency-Key": "shared" },
        body: JSON.stringify({ name }),
      });
    expect((await post("token-one-0123456789", "Phường A")).status).toBe(201);
    expect((await post("token-two-0123456789", "Phường B")).status).toBe(201);
    expect(await db.unit.count()).toBe(2);
    await db.$disconnect();
  });

  it("is in the OpenAPI document on every POST, with PATCH and DELETE of the records", async () => {
    const doc = (await t.call("GET", "/api/openapi.json")).body;
    for (const path of ["/api/v1/wards", "/api/v1/wards/{wardId}/groups", "/api/v1/wards/{wardId}/members", "/api/v1/wards/{wardId}/destinations", "/api/v1/wards/{wardId}/days-off"]) {
      expect(doc.paths[path].post.parameters, path).toContainEqual({ $ref: "#/components/parameters/IdempotencyKey" });
      expect(Object.keys(doc.paths[path].post.responses)).toEqual(expect.arrayContaining(["409", "422"]));
    }
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: "Idempotency-Key", in: "header" });
    for (const path of ["/api/v1/wards/{wardId}", "/api/v1/groups/{groupId}", "/api/v1/members/{memberId}", "/api/v1/destinations/{destinationId}", "/api/v1/days-off/{dayOffId}"])
      expect(Object.keys(doc.paths[path]), path).toEqual(expect.arrayContaining(["patch", "delete"]));
    const list = doc.paths["/api/v1/wards/{wardId}/members"].get;
    expect(list.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(["limit", "cursor", "role", "groupId", "archived"]));
    expect(Object.keys(list.responses[200].headers)).toEqual(expect.arrayContaining(["X-Next-Cursor", "Link"]));
  });
});
