import { Hono } from "hono";
import { oaIdOf, readZaloOaEvent, zaloOaAction, type OaAction } from "../../channels/zalo-oa/parse.js";
import { macMatches, zaloOaMac, ZALO_OA_SIGNATURE_HEADER, type SignatureFirstId } from "../../channels/zalo-oa/verify.js";
import type { AppEnv } from "../env.js";
import { errorBody } from "../errors.js";
import { webhookBodyLimit } from "./webhook-body-limit.js";

/** Zalo wants its answer within 2 s: the work gets this long, then goes on after the answer. */
export const ANSWER_WITHIN_MS = 1_500;

export interface OaWebhookKeys {
  wardId: string;
  appId: string;
  oaId: string;
  signatureFirstId: SignatureFirstId;
  secretKey: string;
}

export interface ZaloOaWebhookDeps {
  /** The connection of the OA an event names, or undefined when no ward connected it. */
  keysOf(oaId: string): Promise<OaWebhookKeys | undefined>;
  /** Does what an event asks (a conversation turn, once per msg_id; an unfollow). */
  act(action: OaAction, wardId: string): Promise<void>;
}

const unauthorized = (c: { json: (body: unknown, status: 401) => Response }, why: string) => c.json(errorBody("unauthorized", why), 401);

/**
 * POST /webhooks/zalo-oa, for every ward's OA. The request is checked before anything is
 * stored: the OA (recipient.id, or oa_id) and app_id must be a ward's connection, and
 * X-ZEvent-Signature must be SHA-256(first id + raw body + timestamp + that OA's secret key),
 * over the body's bytes as received; otherwise 401 (and the body is never logged). A valid event
 * is answered 200 within ~1.5 s: its work goes on after the answer if it takes longer, and
 * errors in it are logged, never answered (Zalo would redeliver forever). Unknown events are
 * acknowledged and ignored.
 */
export function zaloOaWebhook(deps: ZaloOaWebhookDeps) {
  return new Hono<AppEnv>().post("/webhooks/zalo-oa", webhookBodyLimit, async (c) => {
    const signature = c.req.header(ZALO_OA_SIGNATURE_HEADER);
    if (!signature) return unauthorized(c, "Thiếu chữ ký X-ZEvent-Signature.");
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const event = readZaloOaEvent(new TextDecoder().decode(raw));
    if (!event) return c.json(errorBody("invalid_input", "Nội dung không phải một sự kiện Zalo OA (JSON có event_name)."), 400);
    const oaId = oaIdOf(event);
    const keys = oaId ? await deps.keysOf(oaId) : undefined;
    if (!keys || (event.app_id !== undefined && event.app_id !== keys.appId)) {
      c.var.log.warn("zalo oa webhook: an event for an OA or app no ward connected; refused");
      return unauthorized(c, "Chưa phường/xã nào kết nối Official Account và ứng dụng này.");
    }
    const timestamp = typeof event.timestamp === "string" || typeof event.timestamp === "number" ? String(event.timestamp) : "";
    const firstId = keys.signatureFirstId === "oa_id" ? keys.oaId : keys.appId;
    if (!macMatches(signature, await zaloOaMac(firstId, raw, timestamp, keys.secretKey))) {
      // Sources disagree on the first id: say so when the other one would have matched.
      const otherId = keys.signatureFirstId === "oa_id" ? keys.appId : keys.oaId;
      if (macMatches(signature, await zaloOaMac(otherId, raw, timestamp, keys.secretKey)))
        c.var.log.warn("zalo oa webhook: the signature matches with the other first id; set signatureFirstId of this ward's OA connection", {
          wardId: keys.wardId,
          configured: keys.signatureFirstId,
        });
      else c.var.log.warn("zalo oa webhook: wrong signature; request refused", { wardId: keys.wardId });
      return unauthorized(c, "Chữ ký X-ZEvent-Signature không đúng.");
    }
    const work = deps.act(zaloOaAction(event), keys.wardId).catch((error) => c.var.log.error("zalo oa webhook: event failed", { error, event: event.event_name }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ANSWER_WITHIN_MS)))]);
    clearTimeout(timer);
    // On Workers the request's context keeps the unfinished work alive after the answer.
    try {
      c.executionCtx.waitUntil(work);
    } catch {
      // Node: the process lives on anyway.
    }
    return c.json({ error: 0, message: "Success" });
  });
}
