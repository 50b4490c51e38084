import { Hono } from "hono";
import { unwrapZaloUpdate, type ZaloUpdate } from "../../channels/zalo/parse.js";
import { ZALO_SECRET_HEADER, zaloSecretCheck } from "../../channels/zalo/verify.js";
import type { AppEnv } from "../env.js";
import { errorBody } from "../errors.js";
import { webhookBodyLimit } from "./webhook-body-limit.js";

/**
 * POST /webhooks/zalo. The secret header is checked first (401, nothing read or stored on
 * mismatch, and the body is never logged); a body that is not JSON or not an update is 400;
 * a valid update, in the documented `{ok, result}` envelope or flat, is handled once (the turn
 * records `event_name:message_id`) before the answer, in milliseconds; whatever goes wrong while
 * handling it is logged and still answered 200, so that Zalo does not redeliver it forever.
 * Unknown event names are acknowledged and ignored.
 */
export function zaloWebhook(handleUpdate: (update: ZaloUpdate) => Promise<void>, secret: string) {
  const isSecret = zaloSecretCheck(secret);
  return new Hono<AppEnv>().post("/webhooks/zalo", webhookBodyLimit, async (c) => {
    if (!isSecret(c.req.header(ZALO_SECRET_HEADER))) {
      c.var.log.warn("zalo webhook: wrong or missing secret header; request refused");
      return c.json(errorBody("unauthorized", "Thiếu hoặc sai X-Bot-Api-Secret-Token."), 401);
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json(errorBody("invalid_input", "Nội dung không phải JSON."), 400);
    }
    const update = unwrapZaloUpdate(body);
    if (!update) return c.json(errorBody("invalid_input", "Nội dung không phải một cập nhật của Zalo (thiếu event_name hoặc tin nhắn có mã)."), 400);
    try {
      await handleUpdate(update);
    } catch (error) {
      c.var.log.error("zalo webhook: update failed", { error, event: update.event_name });
    }
    return c.json({ ok: true });
  });
}
