import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTelegramBot, telegramSender } from "../../src/channels/telegram/bot.js";
import { createLogger } from "../../src/core/logger.js";
import { createApp } from "../../src/server/app.js";
import { telegramWebhook } from "../../src/server/routes/telegram-webhook.js";
import { prepareAdminKeys } from "../../src/services/admin-tokens.js";
import { handleInbound } from "../../src/services/chat/handle-inbound.js";
import type { ServiceContext } from "../../src/services/context.js";
import { createDeliverer } from "../../src/services/outbox.js";
import { startDeliveryLoop } from "../../src/services/delivery-loop.js";
import { freshDatabase } from "../support/database.js";
import { startEmulator, userClient, type Emulator } from "../support/telegram-emulator.js";

const TOKEN = "654321:webhook-test-token-abcdefghijk";
const SECRET = "s3cret_webhook-token";
let emu: Emulator;
let db: Awaited<ReturnType<typeof freshDatabase>>["db"];
let app: ReturnType<typeof createApp>;
let failNext = false;
let loop: ReturnType<typeof startDeliveryLoop>;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.stop());

beforeEach(async () => {
  ({ db } = await freshDatabase());
  const log = createLogger("silent");
  const botInfo = { id: 654321, is_bot: true, first_name: "wardbot", username: "wardbot_test_bot" } as never;
  const ctx = (): ServiceContext => ({ db, now: () => new Date(), log, actor: "chat", defaultTimezone: "Asia/Ho_Chi_Minh", delivery: loop });
  const bot = createTelegramBot({
    token: TOKEN,
    apiRoot: emu.apiRoot,
    log,
    botInfo,
    onEvent: async (event) => {
      if (failNext) throw new Error("simulated failure inside a handler");
      await handleInbound(ctx(), event);
    },
  });
  loop = startDeliveryLoop(createDeliverer({ db, senders: { telegram: telegramSender(bot) }, log }), log, 50);
  const { keys } = await prepareAdminKeys(db, "webhook-test-admin-token-000000");
  app = createApp({
    db, log, now: () => new Date(), adminKeys: keys, version: "t", defaultTimezone: "Asia/Ho_Chi_Minh",
    webhooks: [await telegramWebhook(bot, SECRET)],
  });
  failNext = false;
});
afterEach(async () => {
  await loop.stop();
  await db.$disconnect();
});

let nextUpdateId = 500;
const update = (userId: number, text: string, updateId = nextUpdateId++) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: userId, type: "private", first_name: "Hà" },
    from: { id: userId, is_bot: false, first_name: "Hà" },
    text,
  },
});

/** `secret: null` sends no secret header at all. */
const post = (body: unknown, secret: string | null = SECRET) =>
  app.request("/webhooks/telegram", {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("POST /webhooks/telegram", () => {
  it("answers 401 to a missing or wrong secret and processes nothing", async () => {
    for (const secret of [null, "", "wrong", SECRET + "x"]) {
      const res = await post(update(70001, "xin chào"), secret);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
    expect(await db.processedUpdate.count()).toBe(0);
    expect(await db.conversation.count()).toBe(0);
  });

  it("answers 400 to a body that is not a Telegram update, storing nothing", async () => {
    expect((await post("{not json")).status).toBe(400);
    expect((await post({ hello: "world" })).status).toBe(400);
    expect((await post({ update_id: "seven" })).status).toBe(400);
    expect((await post([1, 2, 3])).status).toBe(400);
    expect(await db.processedUpdate.count()).toBe(0);
  });

  it("answers 413 to a body over 1 MiB, by its Content-Length or as it streams, storing nothing", async () => {
    const big = JSON.stringify({ ...update(70004, "x"), padding: "x".repeat(1024 * 1024) });
    const headers = { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET };
    const declared = await app.request("/webhooks/telegram", {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(big)) },
      body: big,
    });
    expect(declared.status).toBe(413);
    const streamed = await app.request("/webhooks/telegram", { method: "POST", headers, body: big });
    expect(streamed.status).toBe(413);
    expect(await db.processedUpdate.count()).toBe(0);
    // Within the limit, a declared length goes through.
    const small = JSON.stringify(update(70004, "xin chào"));
    const ok = await app.request("/webhooks/telegram", {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(small)) },
      body: small,
    });
    expect(ok.status).toBe(200);
    expect(await db.processedUpdate.count()).toBe(1);
  });

  it("handles a real update once: the reply reaches the chat, a redelivery is skipped", async () => {
    const user = userClient(emu, TOKEN, { userId: 70002, firstName: "Hà" });
    const u = update(70002, "xin chào");
    expect((await post(u)).status).toBe(200);
    const [reply] = await user.nextBotMessages();
    expect(reply!.text).toContain("chưa được liên kết");
    expect((await post(u)).status).toBe(200);
    expect(await db.processedUpdate.count()).toBe(1);
    await expect(user.nextBotMessages({ timeoutMs: 400 })).rejects.toThrow();
  });

  it("still answers 200 when handling a valid update fails, so Telegram does not redeliver forever", async () => {
    failNext = true;
    const res = await post(update(70003, "12"));
    expect(res.status).toBe(200);
  });
});
