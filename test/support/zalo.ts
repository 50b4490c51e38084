import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { InboundEvent } from "../../src/channels/channel.js";
import { connectZalo } from "../../src/channels/zalo/connect.js";
import { createLogger } from "../../src/core/logger.js";
import { startZaloFake, type FakeUserMessage } from "../../src/dev/zalo-fake.js";
import { createApp } from "../../src/server/app.js";
import { zaloWebhook } from "../../src/server/routes/zalo-webhook.js";
import { prepareAdminKeys } from "../../src/services/admin-tokens.js";
import { handleInbound } from "../../src/services/chat/handle-inbound.js";
import type { ServiceContext } from "../../src/services/context.js";
import { createDeliverer } from "../../src/services/outbox.js";
import { startDeliveryLoop } from "../../src/services/delivery-loop.js";
import { freshDatabase } from "./database.js";

export const ZALO_TOKEN = "1459232241454765289:zalo-test-token-abcdef";
export const ZALO_SECRET = "zalo-webhook-secret-0123";
const ADMIN = "zalo-test-admin-token-0123456789";

/**
 * The Zalo channel for real, on 127.0.0.1: the fake Zalo Bot API, the app served over HTTP
 * (its webhook and admin API), the adapter connected in webhook or polling mode, the real
 * outbox delivering through the Zalo sender (without pacing, so tests need not wait), on a
 * fresh SQLite database.
 */
export async function zaloWorld(options: { mode: "webhook" | "polling"; envelope?: "wrapped" | "flat" }) {
  const fake = await startZaloFake({ token: ZALO_TOKEN, maxPollMs: 150, envelope: options.envelope, accountName: "bot.PhuongNgocLam" });
  const { db } = await freshDatabase();
  const logs: string[] = [];
  const log = createLogger("info", (line) => logs.push(line));
  const { keys } = await prepareAdminKeys(db, ADMIN);
  const world = { failHandler: false };
  let loop: ReturnType<typeof startDeliveryLoop> | undefined;
  const ctx = (): ServiceContext => ({
    db,
    now: () => new Date(),
    log,
    actor: "chat",
    defaultTimezone: "Asia/Ho_Chi_Minh",
    delivery: loop,
    zaloBot: { accountName: "bot.PhuongNgocLam" },
  });
  const onEvent = async (event: InboundEvent) => {
    if (world.failHandler) throw new Error("simulated failure inside a handler");
    await handleInbound(ctx(), event);
  };
  let channel: Awaited<ReturnType<typeof connectZalo>>;
  const app = createApp({
    db,
    log,
    now: () => new Date(),
    adminKeys: keys,
    version: "test",
    defaultTimezone: "Asia/Ho_Chi_Minh",
    zaloBot: { accountName: "bot.PhuongNgocLam" },
    delivery: { wake: () => loop?.wake() },
    webhooks: [zaloWebhook((update) => channel!.handleUpdate(update), ZALO_SECRET)],
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  channel = await connectZalo(
    { token: ZALO_TOKEN, apiRoot: fake.apiRoot, webhookSecret: ZALO_SECRET },
    options.mode === "webhook" ? baseUrl : undefined,
    log,
    onEvent,
    { pollSeconds: 1, pollBackoff: { minMs: 20, maxMs: 200 } },
  );
  if (!channel) throw new Error("the Zalo channel did not connect");
  loop = startDeliveryLoop(
    createDeliverer({ db, senders: { zalo: channel.sender }, log, pacing: { zalo: { perSecond: 1e6, privateGapMs: 0, groupGapMs: 0 } } }),
    log,
    20,
  );
  channel.startPolling();

  async function call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A Zalo user: `say` sends a line and returns the bot's next message to them. */
  function user(userId: string, extra: Partial<FakeUserMessage> = {}) {
    return {
      id: userId,
      send: (text: string, more: Partial<FakeUserMessage> = {}) => fake.userSends({ userId, text, ...extra, ...more }),
      next: async (timeoutMs?: number) => (await fake.nextBotMessage(userId, timeoutMs)).text!,
      async say(text: string, more: Partial<FakeUserMessage> = {}) {
        await this.send(text, more);
        return this.next();
      },
    };
  }

  return {
    fake,
    db,
    logs,
    baseUrl,
    world,
    channel,
    ctx,
    call,
    user,
    async close() {
      await channel!.stop();
      await loop!.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
      await fake.stop();
      await db.$disconnect();
    },
  };
}

export type ZaloWorld = Awaited<ReturnType<typeof zaloWorld>>;
