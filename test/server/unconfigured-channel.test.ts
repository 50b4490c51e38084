/**
 * Nothing queued may wait unseen: a server configured for Telegram only refuses a Zalo summary
 * chat, and shows what is already queued for Zalo as undeliverable (sent once Zalo is set up).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Outgoing } from "../../src/channels/channel.js";
import { createLogger } from "../../src/core/logger.js";
import { createDeliverer } from "../../src/services/outbox.js";
import { queueMessages } from "../../src/services/outbox-queue.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let wardId: string;

beforeEach(async () => {
  t = await buildTestApp({ channels: ["telegram"] });
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
});
afterEach(() => t.close());

describe("a channel this server is not configured for", () => {
  it("is refused as a summary chat, with a 400 naming the field", async () => {
    const res = await t.call("POST", `/api/v1/wards/${wardId}/destinations`, { channel: "zalo", chatId: "g:123", purpose: "summary" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_input");
    expect(res.body.error.details).toEqual([{ field: "channel", code: "channel_not_configured", message: expect.stringContaining("Máy chủ chưa kết nối kênh Zalo") }]);
    expect(await t.db.destination.count()).toBe(0);
    // The configured one is taken.
    expect((await t.call("POST", `/api/v1/wards/${wardId}/destinations`, { channel: "telegram", chatId: "-100777", purpose: "summary" })).status).toBe(201);
  });

  it("shows what is queued there as undeliverable, with the reason, and sends it once the channel is configured", async () => {
    const chair = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Phạm Minh Đức", role: "chair" })).body;
    // Bound on Zalo while this server still had it.
    await t.db.channelIdentity.create({ data: { memberId: chair.id, channel: "zalo", externalId: "z42", address: "zalo:z42" } });
    await queueMessages(t.db, new Date(), [
      { address: "zalo:z42", message: { text: "Nhắc họp giao ban" } },
      { address: "telegram:900", message: { text: "Xin chào" } },
    ]);
    await t.delivery.settle();

    const undeliverable = await t.call("GET", "/api/v1/deliveries?status=undeliverable");
    expect(undeliverable.status).toBe(200);
    expect(undeliverable.body).toEqual([
      expect.objectContaining({
        channel: "zalo",
        chatId: "z42",
        status: "undeliverable",
        lastError: "kênh zalo chưa được cấu hình trên máy chủ này",
        member: { id: chair.id, name: "Phạm Minh Đức", wardId, unreachable: false },
      }),
    ]);
    // Not among what is merely waiting its turn; the Telegram one went.
    expect((await t.call("GET", "/api/v1/deliveries?status=pending")).body).toEqual([]);
    expect(t.delivery.sent.map((o) => o.address)).toEqual(["telegram:900"]);

    // Zalo configured later (a restart with its token): the message goes.
    const sent: Outgoing[] = [];
    const zalo = createDeliverer({ db: t.db, log: createLogger("silent"), senders: { zalo: async (item) => void sent.push(item) } });
    expect(await zalo.deliverDue()).toBe(1);
    expect(sent.map((o) => `${o.address} ${o.message.text}`)).toEqual(["zalo:z42 Nhắc họp giao ban"]);
    expect((await t.call("GET", "/api/v1/deliveries?status=undeliverable")).body).toEqual([]);
  });
});
