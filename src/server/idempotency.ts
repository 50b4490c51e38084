import type { MiddlewareHandler } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { sha256Hex } from "../core/crypto.js";
import type { FieldCode } from "../core/errors.js";
import { claimIdempotencyKey, releaseIdempotencyKey, storeIdempotentAnswer } from "../services/idempotency.js";
import type { AppEnv } from "./env.js";
import { errorBody } from "./errors.js";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
const KEY = /^[\x21-\x7e]{1,255}$/;
/** The header as the one bad field, with the answer's own message. */
const field = (code: FieldCode, message: string) => ({ message, details: [{ field: IDEMPOTENCY_HEADER, code, message }] });
const BAD_KEY = field("invalid_format", `${IDEMPOTENCY_HEADER} chưa đúng: cần 1–255 ký tự ASCII nhìn thấy được, ví dụ một UUID.`);
const REUSED_KEY = field("not_accepted", `${IDEMPOTENCY_HEADER} này đã dùng cho một yêu cầu khác trong 24 giờ qua: xin dùng khoá mới cho yêu cầu mới.`);
const BUSY_KEY = field("not_accepted", `Một yêu cầu với ${IDEMPOTENCY_HEADER} này vẫn đang được xử lý: xin thử lại sau giây lát.`);

/**
 * `Idempotency-Key` on any POST of the admin API (every creating route, and the other actions):
 * the first request with a key runs; a retry with the same key and the same request (method,
 * path and body) gets the first answer again (same status and body, header
 * `Idempotent-Replayed: true`) without running twice; the same key with another request is a
 * 422 naming the header; a retry while the first still runs is a 409. Keys belong to the admin
 * token that sent them and are kept 24 hours. Only successful answers are kept: after a 4xx or
 * 5xx the key is free again, so a corrected request can use it.
 */
export function idempotency(now: () => Date): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (c.req.method !== "POST" || key === undefined) return next();
    if (!KEY.test(key))
      return c.json(errorBody("invalid_input", BAD_KEY.message, BAD_KEY.details), 400);
    const { db, actor } = c.var.services;
    const ref = { actor, key };
    const url = new URL(c.req.url);
    // Hono keeps the body read here for the route's own validator.
    const requestHash = await sha256Hex(`POST ${url.pathname}${url.search}\n${await c.req.text()}`);
    const claim = await claimIdempotencyKey(db, now(), ref, requestHash);
    if (claim.kind === "mismatch")
      return c.json(
        errorBody("unprocessable", REUSED_KEY.message, REUSED_KEY.details),
        422,
      );
    if (claim.kind === "in_progress")
      return c.json(errorBody("conflict", BUSY_KEY.message, BUSY_KEY.details), 409);
    if (claim.kind === "replay") {
      const { status, body, contentType } = claim.answer;
      return new Response(status === 204 ? null : body, {
        status,
        headers: { ...(contentType ? { "content-type": contentType } : {}), "Idempotent-Replayed": "true" },
      });
    }
    try {
      await next();
    } finally {
      const res = c.res;
      if (res.status >= 200 && res.status < 300) {
        await storeIdempotentAnswer(db, ref, { status: res.status, body: await res.clone().text(), contentType: res.headers.get("content-type") });
      } else {
        await releaseIdempotencyKey(db, ref);
      }
    }
  };
}

type Document = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;
const ERROR_REF = { $ref: "#/components/schemas/Error" };

/** The OpenAPI document with the Idempotency-Key header, and its 409 and 422, on every POST of the API. */
export function withIdempotencyKey(doc: Document): Document {
  doc.components = {
    ...doc.components,
    parameters: {
      ...doc.components?.parameters,
      IdempotencyKey: {
        name: IDEMPOTENCY_HEADER,
        in: "header",
        required: false,
        description:
          "Any unique string (a UUID) per intended action. A retry with the same key and the same request gets the first " +
          "successful answer again (header Idempotent-Replayed: true) without repeating the action; keys are kept 24 hours, per admin token.",
        schema: { type: "string", maxLength: 255 },
      },
    },
  };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const post = item?.post;
    // Sign-in and verify (no credentials) come before the middleware: a code is used once anyway.
    if (!post || !path.startsWith("/api/v1/") || !post.security?.length) continue;
    post.parameters = [...(post.parameters ?? []), { $ref: "#/components/parameters/IdempotencyKey" }];
    post.responses = {
      ...post.responses,
      409: post.responses?.[409] ?? { description: "Conflicts with an existing record, or a request with the same Idempotency-Key is still running", content: { "application/json": { schema: ERROR_REF } } },
      422: { description: "The Idempotency-Key was used with another request", content: { "application/json": { schema: ERROR_REF } } },
    };
  }
  return doc;
}
