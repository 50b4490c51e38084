import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ChannelName, Outgoing, Sender } from "../../src/channels/channel.js";
import { createLogger } from "../../src/core/logger.js";
import { startZaloOaFake, type ZaloOaFakeOptions } from "../../src/dev/zalo-oa-fake.js";
import { createApp } from "../../src/server/app.js";
import { zaloOaWebhook } from "../../src/server/routes/zalo-oa-webhook.js";
import { prepareAdminKeys } from "../../src/services/admin-tokens.js";
import { handleInbound } from "../../src/services/chat/handle-inbound.js";
import type { ServiceContext } from "../../src/services/context.js";
import { createDeliverer } from "../../src/services/outbox.js";
import { startDeliveryLoop } from "../../src/services/delivery-loop.js";
import { zaloOaChannel } from "../../src/services/zalo-oa/channel.js";
import { freshDatabase } from "./database.js";

const ADMIN = "zalo-oa-test-admin-token-0123456789";
const FAST = { perSecond: 1e6, privateGapMs: 0, groupGapMs: 0 };

/**
 * The Zalo OA channel for real, on 127.0.0.1: the fake OA API and token endpoint, the app served
 * over HTTP (its /webhooks/zalo-oa and admin API), the real outbox delivering through the OA
 * sender (without pacing), on a fresh SQLite database. Other channels can be given senders
 * (`extraSenders`) to see messages rerouted there.
 */
export async function zaloOaWorld(options: { fake?: ZaloOaFakeOptions; extraSenders?: Partial<Record<ChannelName, Sender>> } = {}) {
  const fake = await startZaloOaFake(options.fake);
  const { db } = await freshDatabase();
  const logs: string[] = [];
  const log = createLogger("info", (line) => logs.push(line));
  const { keys } = await prepareAdminKeys(db, ADMIN);
  const roots = { apiRoot: fake.apiRoot, oauthRoot: fake.oauthRoot };
  let loop: ReturnType<typeof startDeliveryLoop> | undefined;
  const channels = ["zalo_oa", ...Object.keys(options.extraSenders ?? {})] as ChannelName[];
  const ctx = (): ServiceContext => ({
    db,
    now: () => new Date(),
    log,
    actor: "chat",
    defaultTimezone: "Asia/Ho_Chi_Minh",
    delivery: loop,
    channels,
    zaloOa: roots,
  });
  const oa = zaloOaChannel({ db, now: () => new Date(), log, roots }, (event) => handleInbound(ctx(), event));
  const app = createApp({
    db,
    log,
    now: () => new Date(),
    adminKeys: keys,
    version: "test",
    defaultTimezone: "Asia/Ho_Chi_Minh",
    delivery: { wake: () => loop?.wake() },
    channels,
    zaloOa: roots,
    webhooks: [zaloOaWebhook(oa.webhook)],
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.setWebhook(`${baseUrl}/webhooks/zalo-oa`);
  const senders = { zalo_oa: oa.sender, ...options.extraSenders };
  loop = startDeliveryLoop(
    createDeliverer({ db, senders, log, pacing: Object.fromEntries(Object.keys(senders).map((c) => [c, FAST])) }),
    log,
    20,
  );

  async function call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Connects the fake's OA to a ward through the admin API, with a fresh refresh token. */
  const connect = (wardId: string, extra: Record<string, unknown> = {}) =>
    call("PUT", `/api/v1/wards/${wardId}/zalo-oa`, { appId: fake.appId, oaId: fake.oaId, secretKey: fake.secretKey, refreshToken: fake.issueRefreshToken(), ...extra });

  return {
    fake,
    db,
    logs,
    baseUrl,
    roots,
    ctx,
    call,
    connect,
    async close() {
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

export type ZaloOaWorld = Awaited<ReturnType<typeof zaloOaWorld>>;

/** A sender standing in for another platform: records what it was given. */
export function recordingSender() {
  const sent: Outgoing[] = [];
  const sender: Sender = async (item) => void sent.push(item);
  return { sent, sender };
}
