import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";
import { reportingWard } from "../support/reporting-ward.js";

/**
 * Names and phone numbers are personal data (Decree 13/2023): at debug level, through a whole
 * conversation, an import and a staff sign-in, no log line carries one.
 */
const lines: string[] = [];
let t: TestApp;
beforeEach(async () => {
  lines.length = 0;
  t = await buildTestApp({ log: createLogger("debug", (l) => lines.push(l)) });
});
afterEach(() => t.close());

const PERSONAL = ["Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Thị Mai", "Người dùng thử", "0912345678", "912345678", "0987654321", "987654321", "0903111222", "903111222"];

describe("logs", () => {
  it("redact a person's name, display name and message text wherever they appear", () => {
    const log = createLogger("debug", (l) => lines.push(l));
    log.info("x", { name: "Nguyễn Thị Hoa", user: { displayName: "Lê Thị Mai", id: "1" }, message: { text: "0912345678" }, wardName: "Phường Ngọc Lâm" });
    expect(lines[0]).not.toMatch(/Hoa|Mai|0912/);
    expect(lines[0]).toContain("Phường Ngọc Lâm");
  });

  it("carry no name or phone number through a conversation, an import and a sign-in at debug level", async () => {
    const ward = await reportingWard(t, { groupCount: 1 });
    await t.call("PATCH", `/api/v1/members/${ward.leaders[0]!.id}`, { name: "Nguyễn Thị Hoa", phone: "0912 345 678" });
    const chat = chatHarness(t);
    chat.ctx.log = createLogger("debug", (l) => lines.push(l));
    const u = chat.user("5001");
    await u.command("start", ward.leaders[0]!.invite.code);
    await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, {});
    for (const answer of ["12", "ổn định", "bỏ qua", "có", "Nhờ bà Lê Thị Mai 0903 111 222 kiểm tra", "gửi"]) await u.say(answer);
    await u.command("toi");

    const csv = "group,role,name,phone\nTổ dân phố số 1,front_head,Trần Văn Bình,0987 654 321\n";
    expect((await t.call("POST", `/api/v1/wards/${ward.wardId}/members/import`, csv, { "content-type": "text/csv" })).status).toBe(200);
    // A bad line too: its error must not be logged with the person in it.
    await t.call("POST", `/api/v1/wards/${ward.wardId}/members/import`, "group,role,name,phone\nTổ dân phố số 1,leader,Lê Thị Mai,09031\n", { "content-type": "text/csv" });

    const created = await t.call("POST", `/api/v1/wards/${ward.wardId}/members`, { name: "Lê Thị Mai", role: "admin", phone: "0903 111 222" });
    expect(created.status, created.text).toBe(201);
    const admin = created.body;
    await t.db.channelIdentity.create({ data: { memberId: admin.id, channel: "telegram", externalId: "7001", address: "telegram:7001" } });
    const signIn = await t.app.request("/api/v1/auth/sign-in", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: "0903 111 222" }) });
    expect(signIn.status).toBe(202);
    await t.app.request("/api/v1/auth/verify", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: "0903111222", code: "000000" }) });

    // The conversation was traced at debug level (with the person's display name and texts redacted).
    const inbound = lines.filter((l) => l.includes('"msg":"inbound"'));
    expect(inbound.length).toBeGreaterThanOrEqual(7);
    expect(inbound.at(-2)).toContain('"text":"[redacted]"');
    expect(inbound.at(-1)).toContain('"name":"[redacted]"');
    const leaks = lines.filter((l) => PERSONAL.some((p) => l.includes(p)));
    expect(leaks.map((l) => l.slice(0, 400))).toEqual([]);
  });
});
