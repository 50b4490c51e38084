import { createLogger, type Logger } from "../../src/core/logger.js";
import type { OutboundPort } from "../../src/channels/channel.js";
import { createApp } from "../../src/server/app.js";
import { prepareAdminKeys } from "../../src/services/admin-tokens.js";
import { freshDatabase } from "./database.js";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

/** The real app on a real migrated SQLite file, called through `app.request` (no socket). */
export async function buildTestApp(
  options: { now?: () => Date; log?: Logger; telegramBotUsername?: string; outbound?: OutboundPort } = {},
) {
  const { db, path } = await freshDatabase();
  const { keys } = await prepareAdminKeys(db, ADMIN_TOKEN);
  const app = createApp({
    db,
    log: options.log ?? createLogger("silent"),
    now: options.now ?? (() => new Date()),
    adminKeys: keys,
    version: "test",
    defaultTimezone: "Asia/Ho_Chi_Minh",
    telegramBotUsername: options.telegramBotUsername,
    outbound: options.outbound,
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    };
    const res = await app.request(path, init);
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, body: json, text, headers: res.headers };
  }

  return { app, db, dbPath: path, call, close: () => db.$disconnect() };
}

export type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
