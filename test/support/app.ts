import { createLogger, type Logger } from "../../src/core/logger.js";
import type { ChannelName, Outgoing } from "../../src/channels/channel.js";
import type { Database } from "../../src/db/types.js";
import { createDeliverer } from "../../src/services/outbox.js";
import { createApp } from "../../src/server/app.js";
import { prepareAdminKeys } from "../../src/services/admin-tokens.js";
import { freshDatabase } from "./database.js";
import type { Counters } from "../../src/services/metrics.js";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

/** The real app on a real migrated SQLite file, called through `app.request` (no socket). */
export async function buildTestApp(
  options: {
    now?: () => Date;
    log?: Logger;
    telegramBotUsername?: string;
    publicUrl?: string;
    linkSigningKey?: string;
    /** The channels configured on this server, whose sends are recorded (default: all configured, Telegram recorded). */
    channels?: ChannelName[];
    /** GET /metrics: this process's counters and a metrics-only token. */
    counters?: Counters;
    metricsToken?: string;
    /** WEBHOOKS_ALLOW_PRIVATE: webhooks may target 127.0.0.1 (a receiver in the test). */
    webhooksAllowPrivate?: boolean;
  } = {},
) {
  const { db, path } = await freshDatabase();
  const delivery = recordingDelivery(db, options.now, options.channels);
  // As the Node runtime does: Telegram polling, and the deliverer's own health.
  const channelRuntime = { modes: { telegram: "polling" as const }, health: () => delivery.health() };
  const { keys } = await prepareAdminKeys(db, ADMIN_TOKEN);
  const app = createApp({
    db,
    log: options.log ?? createLogger("silent"),
    now: options.now ?? (() => new Date()),
    adminKeys: keys,
    version: "test",
    defaultTimezone: "Asia/Ho_Chi_Minh",
    telegramBotUsername: options.telegramBotUsername,
    publicUrl: options.publicUrl,
    linkSigningKey: options.linkSigningKey,
    delivery,
    channels: options.channels,
    counters: options.counters,
    metricsToken: options.metricsToken,
    webhooksAllowPrivate: options.webhooksAllowPrivate,
    channelRuntime,
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    };
    const res = await app.request(path, init);
    await delivery.settle();
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, body: json, text, headers: res.headers };
  }

  return { app, db, dbPath: path, call, delivery, close: () => db.$disconnect() };
}

export type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

/**
 * The real outbox and deliverer, with a sender that records instead of calling a platform
 * (the emulator tests cover the platform side) and no pacing, so tests need not wait. Only the
 * `channels` given have a sender (Telegram unless told): the others' messages wait in the outbox.
 */
export function recordingDelivery(db: Database, now?: () => Date, channels: ChannelName[] = ["telegram"]) {
  const sent: Outgoing[] = [];
  /** Set by a test to make the platform refuse (throw a DeliveryError) instead of recording. */
  let refuse: ((item: Outgoing) => Error | undefined) | undefined;
  const deliverer = createDeliverer({
    db,
    now,
    senders: Object.fromEntries(
      channels.map((c) => [
        c,
        async (item: Outgoing) => {
          const refusal = refuse?.(item);
          if (refusal) throw refusal;
          sent.push(item);
        },
      ]),
    ),
    log: createLogger("silent"),
    pacing: Object.fromEntries(channels.map((c) => [c, { perSecond: 1e9, privateGapMs: 0, groupGapMs: 0 }])),
  });
  let running: Promise<void> = Promise.resolve();
  /** Delivers everything due, after any delivery already under way. */
  const settle = () => (running = running.then(async () => void (await drain())));
  const drain = async () => {
    while ((await deliverer.deliverDue()) > 0);
  };
  return {
    sent,
    settle,
    wake: () => void settle(),
    health: () => deliverer.health?.() ?? {},
    refuseWith: (rule: typeof refuse) => void (refuse = rule),
  };
}
