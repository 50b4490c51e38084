import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeliveryError } from "../../src/channels/channel.js";
import { buildTestApp, type TestApp } from "../support/app.js";

/** Gửi lại and the channel status, through the admin API on a real database and the real deliverer. */

let t: TestApp;
let wardId: string;
let other: string;
beforeEach(async () => {
  t = await buildTestApp({ telegramBotUsername: "phuong_bot", channels: ["telegram", "zalo_oa"] });
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  other = (await t.call("POST", "/api/v1/wards", { name: "Phường Bồ Đề" })).body.id;
});
afterEach(() => t.close());

/** A person of the ward bound on Telegram, and a message to them in a given state (as the deliverer leaves it). */
async function personWith(ward: string, chatId: string, status: string, lastError: string | null, unreachable = false) {
  const member = (await t.call("POST", `/api/v1/wards/${ward}/members`, { name: `Lãnh đạo ${chatId}`, role: "chair" })).body;
  const address = `telegram:${chatId}`;
  await t.db.channelIdentity.create({ data: { memberId: member.id, channel: "telegram", externalId: chatId, address, ...(unreachable ? { unreachableAt: new Date(), unreachableReason: lastError } : {}) } });
  const row = await t.db.outboxMessage.create({
    data: { address, channel: "telegram", payload: { text: "Nhắc báo cáo" }, status, lastError, attempts: status === "dead" ? 8 : 1, nextAttemptAt: new Date(), createdAt: new Date() },
  });
  return { member, row };
}

describe("POST /api/v1/deliveries/{deliveryId}/retry", () => {
  it("sends a refused message again from its first attempt, clears the unreachable mark, audits it, and refuses a second retry with 409", async () => {
    const { member, row } = await personWith(wardId, "5551", "failed", "403 Forbidden: bot was blocked by the user", true);
    const res = await t.call("POST", `/api/v1/deliveries/${row.id}/retry`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: row.id, status: "pending", previousStatus: "failed", reasonText: expect.stringMatching(/^Người nhận đã chặn bot\./) });
    // The loop was woken and the platform took it this time.
    expect(t.delivery.sent.map((s) => s.address)).toEqual(["telegram:5551"]);
    expect(await t.db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect((await t.db.channelIdentity.findFirstOrThrow({ where: { memberId: member.id } })).unreachableAt).toBeNull();
    const [entry] = await t.db.auditLog.findMany({ where: { action: "delivery.retry" } });
    expect(entry).toMatchObject({ entity: "delivery", entityId: row.id, wardId });

    const again = await t.call("POST", `/api/v1/deliveries/${row.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: "conflict", message: "Tin nhắn này đã gửi được rồi, không cần gửi lại." });
  });

  it("says a message waiting for an unconnected channel goes by itself, and an unknown id is 404", async () => {
    const waiting = await t.db.outboxMessage.create({
      data: { address: "zalo:77", channel: "zalo", payload: { text: "…" }, status: "pending", attempts: 0, nextAttemptAt: new Date(), createdAt: new Date() },
    });
    const res = await t.call("POST", `/api/v1/deliveries/${waiting.id}/retry`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe("Chưa kết nối kênh Zalo trên máy chủ: tin nhắn đang chờ và sẽ tự gửi khi kênh được kết nối.");
    const unknown = await t.call("POST", "/api/v1/deliveries/khong-co/retry");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain("Không tìm thấy tin nhắn có mã khong-co");
  });

  it("a message refused again is marked again, with the platform's new reason", async () => {
    const { row } = await personWith(wardId, "5552", "dead", "network: ETIMEDOUT");
    t.delivery.refuseWith(() => new DeliveryError({ kind: "permanent", reason: "400 Bad Request: chat not found", unreachable: true }));
    expect((await t.call("POST", `/api/v1/deliveries/${row.id}/retry`)).status).toBe(200);
    const [failed] = (await t.call("GET", "/api/v1/deliveries?status=failed")).body;
    expect(failed).toMatchObject({ id: row.id, status: "failed", attempts: 1, reasonText: expect.stringMatching(/^Không tìm thấy cuộc trò chuyện/) });
  });
});

describe("POST /api/v1/wards/{wardId}/deliveries/retry", () => {
  it("sends again the ward's failed and dead messages only, in one go", async () => {
    const mine = [await personWith(wardId, "6001", "failed", "403 Forbidden: bot was blocked by the user"), await personWith(wardId, "6002", "dead", "network: ETIMEDOUT")];
    const sent = await personWith(wardId, "6003", "sent", null);
    const theirs = await personWith(other, "6004", "failed", "403 Forbidden: bot was blocked by the user");
    const res = await t.call("POST", `/api/v1/wards/${wardId}/deliveries/retry`, {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ retried: 2 });
    for (const { row } of mine) expect((await t.db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("sent");
    expect((await t.db.outboxMessage.findUniqueOrThrow({ where: { id: sent.row.id } })).attempts).toBe(1);
    expect((await t.db.outboxMessage.findUniqueOrThrow({ where: { id: theirs.row.id } })).status).toBe("failed");
    expect((await t.call("POST", `/api/v1/wards/${wardId}/deliveries/retry`, { status: "dead" })).body).toEqual({ retried: 0 });
  });
});

describe("GET /api/v1/wards/{wardId}/channels", () => {
  it("says for each channel whether it is connected, how, as which account, its last error and the ward's queue", async () => {
    await personWith(wardId, "7001", "failed", "403 Forbidden: bot was blocked by the user");
    await t.db.outboxMessage.create({ data: { address: "zalo:9", channel: "zalo", payload: { text: "…" }, status: "pending", attempts: 0, nextAttemptAt: new Date(), createdAt: new Date() } });
    const res = await t.call("GET", `/api/v1/wards/${wardId}/channels`);
    expect(res.status).toBe(200);
    const by = Object.fromEntries(res.body.map((c: any) => [c.channel, c]));
    expect(by.telegram).toMatchObject({
      label: "Telegram", connectedPer: "server", connected: true, mode: "polling", account: "@phuong_bot", down: false,
      lastError: { reason: "403 Forbidden: bot was blocked by the user", reasonText: expect.stringMatching(/^Người nhận đã chặn bot/), at: expect.any(String) },
      queue: { pending: 0, failed: 1, dead: 0 }, statusText: "Telegram đã kết nối và đang hoạt động.",
    });
    expect(by.zalo).toMatchObject({ connected: false, mode: null, statusText: "Máy chủ chưa kết nối Zalo: người quản trị máy chủ cần cấu hình kênh này." });
    expect(by.zalo_oa).toMatchObject({ connectedPer: "ward", connected: false, account: null, statusText: "Phường/xã chưa kết nối Zalo OA của mình." });
    // Nothing of another ward, and never a secret.
    expect((await t.call("GET", `/api/v1/wards/${other}/channels`)).body.find((c: any) => c.channel === "telegram").queue).toEqual({ pending: 0, failed: 0, dead: 0 });
    expect(res.text).not.toMatch(/token|secret/i);
  });

  it("shows a channel as down, with the platform's last transient failure, after failures in a row", async () => {
    t.delivery.refuseWith(() => new DeliveryError({ kind: "transient", reason: "network: ECONNRESET" }));
    for (const chat of ["8001", "8002", "8003"]) await personWith(wardId, chat, "pending", null);
    await t.delivery.settle();
    const telegram = (await t.call("GET", `/api/v1/wards/${wardId}/channels`)).body.find((c: any) => c.channel === "telegram");
    expect(telegram).toMatchObject({
      connected: true, down: true, pausedUntil: expect.any(String),
      lastError: { reason: "network: ECONNRESET", reasonText: expect.stringMatching(/^Mất kết nối/) },
      statusText: expect.stringContaining("Telegram đang gặp sự cố nên tạm dừng gửi"),
    });
    expect(telegram.queue.pending).toBe(3);
  });
});
