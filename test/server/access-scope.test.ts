import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { bearer, twoWards } from "../support/two-wards.js";

let t: TestApp;
let w: Awaited<ReturnType<typeof twoWards>>;
beforeEach(async () => {
  t = await buildTestApp();
  w = await twoWards(t);
});
afterEach(() => t.close());

/** Every row of every table, except a token's last-used time (using a token may write it). */
async function snapshot() {
  const tables = await t.db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name",
  );
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const rows = await t.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}" ORDER BY 1`);
    dump[name] = rows.map((r) => ({ ...r, ...(name === "ApiToken" ? { lastUsedAt: null } : {}) }));
  }
  return JSON.stringify(dump, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
}

type Operation = { method: string; path: string; secured: boolean };
async function operations(): Promise<Operation[]> {
  const doc = (await t.call("GET", "/api/openapi.json")).body;
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, secured: !!op.security?.length })),
  );
}

const fill = (path: string, ids: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (!ids[name]) throw new Error(`no id of ward A for the path parameter ${name}: add it to twoWards`);
    return ids[name];
  });

function send(op: Operation, path: string, token: string) {
  const body = op.method === "GET" || op.method === "DELETE" ? undefined : path.endsWith("/import") ? "group,role,name\nTổ 9,leader,Ai đó" : { name: "X" };
  const type: Record<string, string> = path.endsWith("/import") ? { "content-type": "text/csv" } : {};
  return t.call(op.method, path, body, { ...bearer(token), ...type });
}

describe("scope: a token of another ward", () => {
  it("is answered 404 on EVERY operation that names a resource of ward A, and changes nothing", async () => {
    const ops = (await operations()).filter((op) => op.secured && op.path.includes("{"));
    expect(ops.length).toBeGreaterThan(50);
    const before = await snapshot();
    const answers: string[] = [];
    for (const op of ops) {
      const res = await send(op, fill(op.path, w.idsOfA), w.tokens.adminB.token);
      answers.push(`${op.method} ${op.path} → ${res.status} ${res.body?.error?.code}`);
    }
    expect(answers.filter((a) => !a.endsWith("→ 404 not_found"))).toEqual([]);
    expect(await snapshot()).toBe(before);
  });

  it("gets the same 404 for a real id of ward A as for a made-up one", async () => {
    const real = await t.call("GET", `/api/v1/members/${w.idsOfA.memberId}`, undefined, bearer(w.tokens.adminB.token));
    const made = await t.call("GET", "/api/v1/members/01900000-0000-7000-8000-000000000000", undefined, bearer(w.tokens.adminB.token));
    expect(real.status).toBe(404);
    expect(real.body.error.message.replace(w.idsOfA.memberId, "ID")).toBe(made.body.error.message.replace("01900000-0000-7000-8000-000000000000", "ID"));
  });

  it("reaches every such operation with ward A's own admin token (the ids are real)", async () => {
    const ops = (await operations()).filter((op) => op.secured && op.path.includes("{") && op.method === "GET");
    for (const op of ops) {
      const res = await send(op, fill(op.path, w.idsOfA), w.tokens.adminA.token);
      expect(`${op.method} ${op.path} → ${res.status}`).not.toMatch(/→ (401|403|404)$/);
    }
  });

  it("sees only its own ward in lists, and no trace of ward A anywhere it can list", async () => {
    const b = bearer(w.tokens.adminB.token);
    const wards = await t.call("GET", "/api/v1/wards", undefined, b);
    expect(wards.body.map((x: any) => x.id)).toEqual([w.wardB]);
    const asOwner = await t.call("GET", "/api/v1/wards");
    expect(asOwner.body).toHaveLength(2);
    for (const path of ["/api/v1/deliveries?status=pending", "/api/v1/tokens", "/api/v1/audit"]) {
      const res = await t.call("GET", path, undefined, b);
      expect(res.status, path).toBe(200);
      expect(res.text, path).not.toContain(w.wardA);
    }
    expect((await t.call("GET", `/api/v1/audit?unitId=${w.wardA}`, undefined, b)).status).toBe(404);
  });

  it("cannot make a province, a ward at the top or in another province, or a token outside its scope", async () => {
    const before = await snapshot();
    const b = bearer(w.tokens.adminB.token);
    expect((await t.call("POST", "/api/v1/units", { name: "Tỉnh X", kind: "province" }, b)).status).toBe(403);
    expect((await t.call("POST", "/api/v1/wards", { name: "Phường Mới" }, b)).body.error.details).toEqual([{ field: "parentId", code: "unknown_reference", message: "Đơn vị đã chọn không phải đơn vị bạn quản trị." }]);
    expect((await t.call("POST", "/api/v1/wards", { name: "Phường Mới", parentId: w.provinceId }, b)).status).toBe(400);
    expect((await t.call("PATCH", `/api/v1/wards/${w.wardB}`, { parentId: w.provinceId }, b)).status).toBe(400);
    const token = await t.call("POST", "/api/v1/tokens", { name: "Lấn", unitId: w.wardA, role: "admin" }, b);
    expect(token.status).toBe(400);
    expect(token.body.error.details).toEqual([{ field: "unitId", code: "unknown_reference", message: "Đơn vị đã chọn không phải đơn vị bạn quản trị." }]);
    expect(await snapshot()).toBe(before);
  });
});

describe("scope: a province admin", () => {
  it("acts on every ward of the province and only there", async () => {
    const p = bearer(w.tokens.province.token);
    expect((await t.call("GET", "/api/v1/wards", undefined, p)).body.map((x: any) => x.id)).toEqual([w.wardA]);
    expect((await t.call("GET", `/api/v1/units/${w.provinceId}/rollup`, undefined, p)).status).toBe(200);
    expect((await t.call("PATCH", `/api/v1/groups/${w.idsOfA.groupId}`, { name: "Tổ dân phố số 1A" }, p)).status).toBe(200);
    expect((await t.call("GET", `/api/v1/wards/${w.wardB}`, undefined, p)).status).toBe(404);
    const created = await t.call("POST", "/api/v1/wards", { name: "Phường Long Biên", parentId: w.provinceId }, p);
    expect(created.status).toBe(201);
    // A ward admin does not see the province above it.
    expect((await t.call("GET", `/api/v1/units/${w.provinceId}`, undefined, bearer(w.tokens.adminA.token))).status).toBe(404);
  });
});

describe("roles: a chair of ward A", () => {
  it("reads the ward but cannot change the form (403), and the form stays as it was", async () => {
    const c = bearer(w.tokens.chairA.token);
    const form = await t.call("GET", `/api/v1/wards/${w.wardA}/form`, undefined, c);
    expect(form.status).toBe(200);
    const change = await t.call("PUT", `/api/v1/wards/${w.wardA}/form`, { title: "Đổi", questions: [{ key: "a", text: "A?", type: "integer" }] }, c);
    expect(change.status).toBe(403);
    expect(change.body.error.code).toBe("forbidden");
    expect((await t.call("GET", `/api/v1/wards/${w.wardA}/form`, undefined, c)).body).toEqual(form.body);
    expect((await t.call("PATCH", `/api/v1/members/${w.idsOfA.memberId}`, { name: "Người khác" }, c)).status).toBe(403);
    // Everything about a person is for admins, not for reading by chairs.
    expect((await t.call("GET", `/api/v1/members/${w.idsOfA.memberId}/export`, undefined, c)).status).toBe(403);
    expect((await t.call("POST", `/api/v1/members/${w.idsOfA.memberId}/erase`, undefined, c)).status).toBe(403);
    expect((await t.call("POST", "/api/v1/tokens", { name: "Của chủ tịch", unitId: w.wardA, role: "chair" }, c)).status).toBe(403);
    // The chat simulator is for the ward's admins: a chair reads a session, but neither starts one nor types in it.
    expect((await t.call("POST", `/api/v1/wards/${w.wardA}/simulator`, {}, c)).status).toBe(403);
    expect((await t.call("POST", `/api/v1/simulator/${w.idsOfA.sessionId}/messages`, { text: "/baocao" }, c)).status).toBe(403);
    expect((await t.call("GET", `/api/v1/simulator/${w.idsOfA.sessionId}/messages`, undefined, c)).status).toBe(200);
  });

  it("does what chairs do in chat: nudge, post the summary, record an absence", async () => {
    const c = bearer(w.tokens.chairA.token);
    expect((await t.call("POST", `/api/v1/cycles/${w.idsOfA.cycleId}/reminders`, undefined, c)).status).toBe(200);
    expect((await t.call("POST", `/api/v1/wards/${w.wardA}/summaries`, {}, c)).status).toBe(200);
    expect((await t.call("PUT", `/api/v1/members/${w.a.leaders[0]!.id}/absence`, { until: "2030-12-05", reason: "Ốm" }, c)).status).toBe(200);
    // Only in their own ward.
    expect((await t.call("POST", `/api/v1/wards/${w.wardB}/summaries`, {}, c)).status).toBe(404);
  });
});
