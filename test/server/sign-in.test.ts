import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let clock: Date;
let wardId: string;
let otherWard: string;
let chairId: string;
const lines: string[] = [];
const PHONE = "0912 345 678";

beforeEach(async () => {
  lines.length = 0;
  clock = new Date("2026-12-01T02:00:00Z");
  t = await buildTestApp({ now: () => clock, publicUrl: "https://wardbot.example.vn", log: createLogger("debug", (l) => lines.push(l)) });
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  otherWard = (await t.call("POST", "/api/v1/wards", { name: "Phường Bồ Đề" })).body.id;
  chairId = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Phạm Minh Đức", role: "admin", phone: PHONE })).body.id;
  // Bound on Telegram (binding itself is tested with the chat).
  await t.db.channelIdentity.create({ data: { memberId: chairId, channel: "telegram", externalId: "5001", address: "telegram:5001" } });
});
afterEach(() => t.close());

const minutes = (n: number) => (clock = new Date(clock.getTime() + n * 60_000));

/** A request without the owner's token: as a browser makes it. */
async function browser(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await t.app.request(path, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), "x-forwarded-for": "203.0.113.7", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await t.delivery.settle();
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** The code in the last message the bot sent to the chat. */
function lastCode(address = "telegram:5001") {
  const sent = t.delivery.sent.filter((s) => s.address === address).at(-1);
  return { code: /(\d{6})/.exec(sent?.message.text ?? "")?.[1], text: sent?.message.text ?? "" };
}

async function signIn(phone = PHONE) {
  await browser("POST", "/api/v1/auth/sign-in", { phone });
  const { code } = lastCode();
  const res = await browser("POST", "/api/v1/auth/verify", { phone, code });
  const cookie = /wardbot_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  return { res, cookie: `wardbot_session=${cookie}`, csrf: res.body?.csrfToken as string };
}

describe("sign-in through the bot", () => {
  it("sends a one-time code (with a one-tap link on Telegram) and answers the same for a number nobody holds", async () => {
    const known = await browser("POST", "/api/v1/auth/sign-in", { phone: "+84 912.345.678" });
    const unknown = await browser("POST", "/api/v1/auth/sign-in", { phone: "0987 000 111" });
    expect(known.status).toBe(202);
    expect(unknown).toEqual({ ...known, headers: unknown.headers });
    const { code, text } = lastCode();
    expect(code).toMatch(/^\d{6}$/);
    expect(text).toContain("Mã đăng nhập");
    expect(text).toContain(`https://wardbot.example.vn/#/sign-in?phone=%2B84912345678&code=${code}`);
    expect(t.delivery.sent).toHaveLength(1);
    // Neither the code nor the number reaches the log.
    expect(lines.join("\n")).not.toContain(code!);
    expect(lines.join("\n")).not.toMatch(/912.?345.?678/);
    expect((await browser("POST", "/api/v1/auth/sign-in", { phone: "12" })).body.error.details).toEqual([{ field: "phone", code: "invalid_phone", message: expect.stringContaining("Số điện thoại không hợp lệ") }]);
  });

  it("exchanges the code for an httpOnly, Secure, SameSite=Lax cookie that acts within the person's ward", async () => {
    const { res, cookie, csrf } = await signIn();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "person", name: "Phạm Minh Đức", memberId: chairId, grants: [{ unitId: wardId, role: "admin" }] });
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const wards = await browser("GET", "/api/v1/wards", undefined, { cookie });
    expect(wards.body.map((w: any) => w.id)).toEqual([wardId]);
    expect((await browser("GET", `/api/v1/wards/${otherWard}`, undefined, { cookie })).status).toBe(404);
    // A write with the cookie needs the CSRF token.
    expect((await browser("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 1" }, { cookie })).status).toBe(403);
    expect((await browser("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 1" }, { cookie, "x-csrf-token": "wrong" })).status).toBe(403);
    expect(await t.db.unit.count({ where: { kind: "group" } })).toBe(0);
    const made = await browser("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 1" }, { cookie, "x-csrf-token": csrf });
    expect(made.status).toBe(201);
    expect((await t.db.auditLog.findFirstOrThrow({ where: { action: "group.create" } })).actor).toBe(`member:${chairId}`);
    expect((await browser("GET", "/api/v1/auth/me", undefined, { cookie })).body.csrfToken).toBe(csrf);
  });

  it("refuses a wrong, reused or expired code with 400, creating no session", async () => {
    await browser("POST", "/api/v1/auth/sign-in", { phone: PHONE });
    const { code } = lastCode();
    const wrong = await browser("POST", "/api/v1/auth/verify", { phone: PHONE, code: code === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ field: "code", code: "not_accepted", message: expect.stringContaining("Mã không đúng") }]);
    expect((await browser("POST", "/api/v1/auth/verify", { phone: PHONE, code })).status).toBe(200);
    expect((await browser("POST", "/api/v1/auth/verify", { phone: PHONE, code })).status).toBe(400);
    await browser("POST", "/api/v1/auth/sign-in", { phone: PHONE });
    minutes(5.1);
    expect((await browser("POST", "/api/v1/auth/verify", { phone: PHONE, code: lastCode().code })).status).toBe(400);
    expect(await t.db.staffSession.count()).toBe(1);
  });

  it("consumes a code once when two requests race with it", async () => {
    await browser("POST", "/api/v1/auth/sign-in", { phone: PHONE });
    const { code } = lastCode();
    const both = await Promise.all([1, 2].map(() => browser("POST", "/api/v1/auth/verify", { phone: PHONE, code })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(await t.db.staffSession.count()).toBe(1);
  });

  it("locks the number for 15 minutes after 5 wrong codes and tells the person in chat", async () => {
    await browser("POST", "/api/v1/auth/sign-in", { phone: PHONE });
    const { code } = lastCode();
    const wrongCode = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 4; i++) expect((await browser("POST", "/api/v1/auth/verify", { phone: PHONE, code: wrongCode })).status).toBe(400);
    const fifth = await browser("POST", "/api/v1/auth/verify", { phone: PHONE, code: wrongCode });
    expect(fifth.status).toBe(429);
    expect(t.delivery.sent.at(-1)!.message.text).toContain("tạm khóa 15 phút");
    // Even the right code is refused while locked; a number nobody holds locks alike.
    expect((await browser("POST", "/api/v1/auth/verify", { phone: PHONE, code })).status).toBe(429);
    for (let i = 0; i < 5; i++) await browser("POST", "/api/v1/auth/verify", { phone: "0987 000 111", code: wrongCode });
    expect((await browser("POST", "/api/v1/auth/verify", { phone: "0987 000 111", code: wrongCode })).status).toBe(429);
    minutes(15.1);
    await browser("POST", "/api/v1/auth/sign-in", { phone: PHONE });
    expect((await browser("POST", "/api/v1/auth/verify", { phone: PHONE, code: lastCode().code })).status).toBe(200);
  });

  it("limits attempts per network address", async () => {
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await browser("POST", "/api/v1/auth/sign-in", { phone: `0987 000 ${String(100 + i)}` })).status;
    expect(last).toBe(429);
    expect((await browser("POST", "/api/v1/auth/sign-in", { phone: PHONE }, { "x-forwarded-for": "198.51.100.9" })).status).toBe(202);
  });

  it("signs out, ends sessions on an admin's request, slides the expiry and refuses a tampered cookie", async () => {
    const first = await signIn();
    const second = await signIn();
    expect((await browser("GET", "/api/v1/auth/me", undefined, { cookie: "wardbot_session=" + "A".repeat(43) })).status).toBe(401);
    expect((await browser("GET", "/api/v1/auth/me", undefined, { cookie: first.cookie.slice(0, -1) + "x" })).status).toBe(401);

    // Used within 12 hours, the session goes on; the cookie is sent again with the later expiry.
    minutes(11 * 60);
    const used = await browser("GET", "/api/v1/auth/me", undefined, { cookie: first.cookie });
    expect(used.status).toBe(200);
    expect(used.headers.get("set-cookie")).toMatch(/wardbot_session=.*Expires=/);
    minutes(11 * 60);
    expect((await browser("GET", "/api/v1/auth/me", undefined, { cookie: first.cookie })).status).toBe(200);

    expect((await browser("POST", "/api/v1/auth/sign-out", undefined, { cookie: first.cookie, "x-csrf-token": first.csrf })).status).toBe(204);
    expect((await browser("GET", "/api/v1/auth/me", undefined, { cookie: first.cookie })).status).toBe(401);
    // The second session was not used for 22 hours: it ended by itself.
    expect((await browser("GET", "/api/v1/auth/me", undefined, { cookie: second.cookie })).status).toBe(401);

    const third = await signIn();
    const ended = await t.call("DELETE", `/api/v1/members/${chairId}/sessions`);
    expect(ended.body).toEqual({ memberId: chairId, ended: 1 });
    expect((await browser("GET", "/api/v1/auth/me", undefined, { cookie: third.cookie })).status).toBe(401);
  });

  it("is only for staff: a tổ trưởng with a bound chat gets no code, and an archived admin's session ends", async () => {
    const group = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 1" })).body.id;
    const leader = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Trần Thị Nga", role: "leader", groupId: group, phone: "0903 111 222" })).body.id;
    await t.db.channelIdentity.create({ data: { memberId: leader, channel: "telegram", externalId: "5002", address: "telegram:5002" } });
    await browser("POST", "/api/v1/auth/sign-in", { phone: "0903 111 222" });
    expect(t.delivery.sent.filter((s) => s.address === "telegram:5002")).toHaveLength(0);

    const { cookie } = await signIn();
    await t.call("DELETE", `/api/v1/members/${chairId}`);
    expect((await browser("GET", "/api/v1/auth/me", undefined, { cookie })).status).toBe(401);
  });
});
