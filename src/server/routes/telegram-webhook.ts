import { Hono } from "hono";
import type { Bot } from "grammy";
import { z } from "zod";
import { secretMatcher } from "../../core/crypto.js";
import type { AppEnv } from "../env.js";
import { errorBody } from "../errors.js";
import { webhookBodyLimit } from "./webhook-body-limit.js";

/** The least an update must have to be one: Telegram's own envelope. */
const UpdateEnvelope = z.looseObject({ update_id: z.number().int().nonnegative() });

/**
 * POST /webhooks/telegram. The secret header is checked first (401, nothing read or stored on
 * mismatch); a body that is not an update is 400; anything that goes wrong while handling a
 * valid update is logged and still answered 200, since a 5xx makes Telegram redeliver it forever.
 */
export async function telegramWebhook(bot: Bot, secret: string) {
  const isSecret = secretMatcher(secret);
  return new Hono<AppEnv>().post("/webhooks/telegram", webhookBodyLimit, async (c) => {
    const presented = c.req.header("x-telegram-bot-api-secret-token") ?? "";
    if (!isSecret(presented))
      return c.json(errorBody("unauthorized", "Thiếu hoặc sai X-Telegram-Bot-Api-Secret-Token."), 401);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json(errorBody("invalid_input", "Nội dung không phải JSON."), 400);
    }
    const update = UpdateEnvelope.safeParse(body);
    if (!update.success) return c.json(errorBody("invalid_input", "Nội dung không phải một cập nhật của Telegram (thiếu update_id)."), 400);
    try {
      await bot.handleUpdate(update.data as never);
    } catch (error) {
      c.var.log.error("telegram webhook: update failed", { error, updateId: update.data.update_id });
    }
    return c.json({ ok: true });
  });
}
