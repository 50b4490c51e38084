import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZALO_SECRET, zaloWorld, type ZaloWorld } from "../support/zalo.js";

/**
 * POST /webhooks/zalo over real HTTP on 127.0.0.1: the fake Zalo delivers users' messages to the
 * webhook (with the secret the adapter registered), and the replies go back to the fake.
 */

let w: ZaloWorld;
beforeEach(async () => {
  w = await zaloWorld({ mode: "webhook" });
});
afterEach(() => w.close());

/** The documented private text sample, with our own ids. */
const sample = (messageId: string, text = "Xin chào", userId = "6ede9afa66b88fe6d6a9") => ({
  message: {
    from: { id: userId, display_name: "Ted", is_bot: false },
    chat: { id: userId, chat_type: "PRIVATE" },
    text,
    message_id: messageId,
    date: 1750316131602,
  },
  event_name: "message.text.received",
});

const post = (body: unknown, secret: string | null = ZALO_SECRET) =>
  fetch(`${w.baseUrl}/webhooks/zalo`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-bot-api-secret-token": secret }) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("POST /webhooks/zalo", () => {
  it("was registered with Zalo at start, with the secret", () => {
    expect(w.fake.webhook).toEqual({ url: `${w.baseUrl}/webhooks/zalo`, secret: ZALO_SECRET });
    expect(w.fake.calls.map((c) => c.method)).not.toContain("getUpdates");
  });

  it("answers 401 to a missing or wrong secret, stores nothing, and logs no message text", async () => {
    for (const secret of [null, "", "wrong-secret-value", ZALO_SECRET + "x", ZALO_SECRET.slice(0, -1)]) {
      const res = await post(sample("2d758cb5e222177a4e35", "bí mật riêng"), secret);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
    expect(await w.db.processedUpdate.count()).toBe(0);
    expect(await w.db.conversation.count()).toBe(0);
    expect(w.fake.sent).toHaveLength(0);
    expect(w.logs.join("\n")).not.toContain("bí mật riêng");
    expect(w.logs.some((l) => l.includes("wrong or missing secret"))).toBe(true);
  });

  it("takes the documented wrapped envelope and the flat one seen live, display_name or first_name", async () => {
    const wrapped = { ok: true, result: sample("aaaaaaaaaaaaaaaaaaa1") };
    expect((await post(wrapped)).status).toBe(200);
    expect((await w.fake.nextBotMessage("6ede9afa66b88fe6d6a9")).text).toContain("trợ lý tự động");
    const flat = sample("aaaaaaaaaaaaaaaaaaa2", "Xin chào", "e4ea2cd5189df1c3a88c");
    const firstName = { ...flat, message: { ...flat.message, from: { id: "e4ea2cd5189df1c3a88c", first_name: "Nguyen Van A" } } };
    expect((await post(firstName)).status).toBe(200);
    expect((await w.fake.nextBotMessage("e4ea2cd5189df1c3a88c")).text).toContain("gửi vào đây mã mời");
    expect(await w.db.processedUpdate.findMany({ select: { channel: true, updateId: true }, orderBy: { updateId: "asc" } })).toEqual([
      { channel: "zalo", updateId: "message.text.received:aaaaaaaaaaaaaaaaaaa1" },
      { channel: "zalo", updateId: "message.text.received:aaaaaaaaaaaaaaaaaaa2" },
    ]);
  });

  it("processes a redelivered message once (event_name + message_id)", async () => {
    const body = sample("2d758cb5e222177a4e35");
    expect((await post(body)).status).toBe(200);
    expect((await post({ ok: true, result: body })).status).toBe(200);
    await w.fake.nextBotMessage("6ede9afa66b88fe6d6a9");
    await expect(w.fake.nextBotMessage("6ede9afa66b88fe6d6a9", 300)).rejects.toThrow();
    expect(await w.db.processedUpdate.count()).toBe(1);
    expect(await w.db.outboxMessage.count()).toBe(1);
  });

  it("answers 400 to a body that is not JSON or not an update, with no side effects", async () => {
    for (const body of ["{not json", "[1,2]", '"text"', { hello: "world" }, { event_name: 7 }, { message: { text: "x" } }, { ok: true, result: { message: { message_id: 5, chat: { id: "x" } } } }]) {
      expect((await post(body)).status).toBe(400);
    }
    expect(await w.db.processedUpdate.count()).toBe(0);
    expect(w.fake.sent).toHaveLength(0);
  });

  it("acknowledges and ignores an unknown event", async () => {
    const res = await post({ event_name: "bot.something.new", message: { message_id: "ffffffffffffffffffff", chat: { id: "abc" } } });
    expect(res.status).toBe(200);
    expect(await w.db.processedUpdate.count()).toBe(0);
    expect(w.fake.sent).toHaveLength(0);
  });

  it("still answers 200 when handling a valid update fails, so Zalo does not redeliver forever", async () => {
    w.world.failHandler = true;
    const res = await post(sample("bbbbbbbbbbbbbbbbbbbb"));
    expect(res.status).toBe(200);
    expect(w.logs.some((l) => l.includes("zalo webhook: update failed"))).toBe(true);
  });

  it("asks for a text message when a sticker, a picture or an unsupported message comes", async () => {
    const id = "c0ffeec0ffeec0ffee00";
    for (const event of ["message.sticker.received", "message.image.received", "message.unsupported.received", "message.voice.received"]) {
      const { status } = await w.fake.userSends({ userId: id, event, photoUrl: event.includes("image") ? "https://example.com/a.jpg" : undefined });
      expect(status).toBe(200);
      // Not bound yet: the welcome says how to pair; bound people get the re-ask (zalo-chat.test.ts).
      expect((await w.fake.nextBotMessage(id)).text).toContain("trợ lý tự động");
    }
  });
});
