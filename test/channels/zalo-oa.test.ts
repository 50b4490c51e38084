import { afterEach, describe, expect, it } from "vitest";
import { bigId } from "../../src/dev/zalo-oa-fake.js";
import { handleInbound } from "../../src/services/chat/handle-inbound.js";
import { recordingSender, zaloOaWorld, type ZaloOaWorld } from "../support/zalo-oa.js";

let w: ZaloOaWorld;
afterEach(() => w?.close());

const until = async (check: () => Promise<boolean>, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A ward with a form and one leader, its OA connected. */
async function wardWithOa() {
  const ward = (await w.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
  const group = (await w.call("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ dân phố số 3" })).body;
  await w.call("PUT", `/api/v1/wards/${ward.id}/form`, { title: "Báo cáo tuần", questions: [{ key: "ho", text: "Số hộ được vận động?", type: "integer", min: 0 }] });
  const leader = (await w.call("POST", `/api/v1/wards/${ward.id}/members`, { name: "Trần Thị Nga", role: "leader", groupId: group.id })).body;
  const connected = await w.connect(ward.id);
  expect(connected.status).toBe(200);
  return { wardId: ward.id as string, leader };
}

describe("connecting a ward's Zalo OA", () => {
  it("spends the refresh token at once, shows the status and never returns or stores the secrets in clear", async () => {
    w = await zaloOaWorld();
    const ward = (await w.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
    const refreshToken = w.fake.issueRefreshToken();
    const put = await w.call("PUT", `/api/v1/wards/${ward.id}/zalo-oa`, { appId: w.fake.appId, oaId: w.fake.oaId, secretKey: w.fake.secretKey, refreshToken });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ connected: true, status: "connected", oaId: w.fake.oaId, lastError: null, webhookPath: "/webhooks/zalo-oa" });
    expect(Date.parse(put.body.accessTokenExpiresAt)).toBeGreaterThan(Date.now() + 24 * 3600_000);
    // Spent and rotated: the one given is refused now, the stored one is the fake's newest.
    expect(w.fake.isValidRefreshToken(refreshToken)).toBe(false);
    const get = await w.call("GET", `/api/v1/wards/${ward.id}/zalo-oa`);
    expect(get.body).toEqual(put.body);
    const everything = JSON.stringify(await w.db.zaloOaConnection.findMany()) + JSON.stringify(await w.db.auditLog.findMany()) + w.logs.join("\n") + JSON.stringify(get.body);
    expect(everything).not.toContain(w.fake.secretKey);
    expect(everything).not.toContain(refreshToken);
    expect(everything).not.toMatch(/rt_[0-9a-f]{32}|at_[0-9a-f]{32}/);
    // A bad request names the field; another ward cannot take the same OA.
    const bad = await w.call("PUT", `/api/v1/wards/${ward.id}/zalo-oa`, { appId: "abc", oaId: w.fake.oaId, secretKey: "k", refreshToken: "r" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: "appId", code: "invalid_format", message: "Mã ứng dụng (app id) chưa đúng: chỉ gồm chữ số, chép đúng như Zalo hiển thị." }]);
    const other = (await w.call("POST", "/api/v1/wards", { name: "Phường Bồ Đề" })).body;
    expect((await w.connect(other.id)).status).toBe(409);
    expect((await w.call("DELETE", `/api/v1/wards/${ward.id}/zalo-oa`)).status).toBe(204);
    expect((await w.call("GET", `/api/v1/wards/${ward.id}/zalo-oa`)).body).toMatchObject({ connected: false, status: "not_connected", oaId: null });
    expect(await w.db.zaloOaConnection.count()).toBe(0);
  });

  it("says why when Zalo refuses the refresh token, and the OA's messages wait with that reason", async () => {
    w = await zaloOaWorld();
    const { wardId, leader } = await wardWithOa();
    const user = bigId();
    await w.fake.userSends(user, leader.invite.code);
    await w.fake.nextBotMessage(user);
    // The access token is revoked and the stored refresh token no longer accepted.
    w.fake.expireAccessTokens();
    w.fake.state.refuseAllRefreshes = true;
    expect((await w.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026" })).status).toBe(201);
    await until(async () => (await w.db.outboxMessage.count({ where: { channel: "zalo_oa", lastError: { not: null } } })) > 0);
    const status = (await w.call("GET", `/api/v1/wards/${wardId}/zalo-oa`)).body;
    expect(status).toMatchObject({ connected: false, status: "refresh_failed", lastError: expect.stringContaining("Zalo từ chối làm mới mã truy cập") });
    const waiting = (await w.call("GET", "/api/v1/deliveries?status=pending")).body.find((d: any) => d.lastError);
    expect(waiting.lastError).toContain("kết nối lại OA");
    // Reconnected with a new refresh token: the waiting prompt goes at once.
    w.fake.state.refuseAllRefreshes = false;
    expect((await w.connect(wardId)).body.connected).toBe(true);
    expect((await w.fake.nextBotMessage(user)).text).toContain("Câu 1/1");
  });
});

describe("the Zalo OA webhook", () => {
  it("pairs a follower by code, answers once per msg_id, and refuses a forged or missing signature without storing anything", async () => {
    w = await zaloOaWorld();
    const { leader } = await wardWithOa();
    const user = bigId();
    await w.fake.userEvent(user, "follow");
    const welcome = await w.fake.nextBotMessage(user);
    expect(welcome.text).toContain("trợ lý tự động");
    expect(welcome.text).toContain("mã mời");

    const before = await w.db.processedUpdate.count();
    const forged = JSON.stringify({ app_id: w.fake.appId, sender: { id: user }, recipient: { id: w.fake.oaId }, event_name: "user_send_text", message: { text: leader.invite.code, msg_id: "x1" }, timestamp: "1" });
    expect(await w.fake.post(forged, "1", "mac=" + "0".repeat(64))).toBe(401);
    const res = await fetch(`${w.baseUrl}/webhooks/zalo-oa`, { method: "POST", body: forged, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(401);
    expect(await w.db.processedUpdate.count()).toBe(before);
    expect(await w.db.channelIdentity.count()).toBe(0);

    const started = Date.now();
    const paired = await w.fake.userSends(user, `mã ${leader.invite.code}`, "msg-1");
    expect(paired.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await w.fake.nextBotMessage(user)).text).toContain("Xin chào ông/bà Trần Thị Nga");
    const identity = await w.db.channelIdentity.findFirstOrThrow({ where: { channel: "zalo_oa" } });
    expect(identity.externalId).toBe(`${w.fake.oaId}:${user}`);
    // The same msg_id again: acknowledged, not answered twice.
    expect(await w.fake.post(paired.body, paired.timestamp)).toBe(200);
    expect(await w.fake.nextBotMessage(user, 300).catch(() => "quiet")).toBe("quiet");

    // A sticker gets the polite text-only re-ask; an unknown event is acknowledged.
    await w.fake.userEvent(user, "user_send_sticker", { message: { msg_id: "msg-2", url: "https://example.invalid/s.png" } });
    expect((await w.fake.nextBotMessage(user)).text).toContain("chỉ đọc được tin nhắn chữ");
    expect((await w.fake.userEvent(user, "user_received_message", { message: { msg_id: "msg-3" } })).status).toBe(200);

    // Unfollowing marks the person unreachable on the OA.
    await w.fake.userEvent(user, "unfollow");
    await until(async () => (await w.db.channelIdentity.findFirstOrThrow({ where: { channel: "zalo_oa" } })).unreachableAt !== null);
  });

  it("accepts the signature made with the OA id when the ward's connection says so", async () => {
    w = await zaloOaWorld();
    const ward = (await w.call("POST", "/api/v1/wards", { name: "Phường Gia Thụy" })).body;
    await w.connect(ward.id, { signatureFirstId: "oa_id" });
    const user = bigId();
    const body = JSON.stringify({ oa_id: w.fake.oaId, follower: { id: user }, event_name: "follow", app_id: w.fake.appId, timestamp: "1700000000000" });
    expect(await w.fake.post(body, "1700000000000")).toBe(401); // signed with app_id first
    expect(await w.fake.post(body, "1700000000000", w.fake.sign(body, "1700000000000", w.fake.oaId))).toBe(200);
    expect((await w.fake.nextBotMessage(user)).text).toContain("trợ lý tự động");
  });
});

describe("sending through the OA", () => {
  it("shows choices as buttons and as the numbered menu, and a pressed button answers the question", async () => {
    w = await zaloOaWorld();
    const ward = (await w.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
    const group = (await w.call("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ 1" })).body;
    await w.call("PUT", `/api/v1/wards/${ward.id}/form`, { title: "Báo cáo", questions: [{ key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"] }] });
    const leader = (await w.call("POST", `/api/v1/wards/${ward.id}/members`, { name: "Lê Văn Hùng", role: "leader", groupId: group.id })).body;
    await w.connect(ward.id);
    const user = bigId();
    await w.fake.userSends(user, leader.invite.code);
    await w.fake.nextBotMessage(user);
    await w.call("POST", `/api/v1/wards/${ward.id}/cycles`, { label: "Tuần 48/2026" });
    const question = await w.fake.nextBotMessage(user);
    expect(question.text).toContain("1. Ổn định\n2. Có vụ việc");
    expect(question.buttons.map((b) => b.title)).toEqual(["Ổn định", "Có vụ việc"]);
    // oa.query.hide sends the payload back as the follower's text.
    await w.fake.userSends(user, question.buttons[1]!.payload);
    const review = await w.fake.nextBotMessage(user);
    expect(review.text).toContain("Có vụ việc");
    expect(review.text).not.toContain("Ổn định");
  });

  it("reports a follower outside the 7-day window as unreachable, in Vietnamese, and reaches them on Telegram instead", async () => {
    const telegram = recordingSender();
    w = await zaloOaWorld({ extraSenders: { telegram: telegram.sender } });
    const { wardId, leader } = await wardWithOa();
    const user = bigId();
    await w.fake.userSends(user, leader.invite.code);
    await w.fake.nextBotMessage(user);
    // The same person is also bound on Telegram (a second invitation), and wrote last on the OA.
    const again = (await w.call("POST", `/api/v1/members/${leader.id}/invite`)).body;
    await handleInbound(w.ctx(), { channel: "telegram", updateId: "t1", chat: { id: "7001", type: "private" }, user: { id: "7001", name: "Nga" }, input: { kind: "command", name: "start", args: again.code } });
    await until(async () => telegram.sent.length > 0);
    await w.fake.userSends(user, "/toi");
    await w.fake.nextBotMessage(user);
    const sentBefore = telegram.sent.length;

    w.fake.setOutsideWindow(user);
    expect((await w.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026" })).status).toBe(201);
    await until(async () => telegram.sent.length > sentBefore);
    expect(telegram.sent.at(-1)!.address).toBe("telegram:7001");
    expect(telegram.sent.at(-1)!.message.text).toContain("Câu 1/1");
    const failed = await w.db.outboxMessage.findFirstOrThrow({ where: { channel: "zalo_oa", status: "failed" } });
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toContain("chưa nhắn tin cho OA của phường trong 7 ngày qua");
    expect(failed.lastError).toContain("đã gửi thay qua Telegram");
    const oa = await w.db.channelIdentity.findFirstOrThrow({ where: { channel: "zalo_oa" } });
    expect(oa.unreachableAt).not.toBeNull();
    expect(oa.unreachableReason).toContain("-230");
  });
});
