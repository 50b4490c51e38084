import type { MiddlewareHandler } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { errorBody } from "./errors.js";

/**
 * How large a request body may be, per route, and which routes take JSON. One table, applied to
 * every request before any route reads a byte: a body over the limit is 413 (the message says the
 * limit), a JSON route sent another content type is 415 saying "send application/json". The
 * limits are far above any real request (a ward's whole form is a few KB; a CSV of a few thousand
 * people is well under 2 MB), so only mistakes and abuse meet them.
 */
export const MiB = 1024 * 1024;
export const JSON_LIMIT_BYTES = MiB;
export const IMPORT_LIMIT_BYTES = 2 * MiB;

interface Limit {
  maxBytes: number;
  message: string;
}

const JSON_LIMIT: Limit = { maxBytes: JSON_LIMIT_BYTES, message: `Nội dung gửi lên lớn hơn giới hạn 1 MiB (${JSON_LIMIT_BYTES} byte).` };
/** The member import takes a file (CSV or .xlsx). */
const IMPORT_LIMIT: Limit = {
  maxBytes: IMPORT_LIMIT_BYTES,
  message: `Tệp lớn hơn 2 MB (${IMPORT_LIMIT_BYTES} byte): xin chia thành nhiều tệp nhỏ hơn.`,
};
const IMPORT_PATH = /^\/api\/v1\/wards\/[^/]+\/members\/import\/?$/;
const WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const limitOf = (path: string): { limit: Limit; json: boolean } =>
  IMPORT_PATH.test(path) ? { limit: IMPORT_LIMIT, json: false } : { limit: JSON_LIMIT, json: path.startsWith("/api/") };

const tooLarge = (limit: Limit): MiddlewareHandler => (c) =>
  c.json(errorBody("payload_too_large", limit.message, { limitBytes: limit.maxBytes }), 413) as unknown as Promise<void>;
const streaming = new Map<Limit, MiddlewareHandler>(
  [JSON_LIMIT, IMPORT_LIMIT].map((limit) => [limit, bodyLimit({ maxSize: limit.maxBytes, onError: (c) => c.json(errorBody("payload_too_large", limit.message, { limitBytes: limit.maxBytes }), 413) })]),
);

const isJson = (contentType: string) => /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType.trim());

export const UNSUPPORTED_MEDIA_TYPE_MESSAGE = "Yêu cầu này nhận nội dung JSON: xin gửi kèm tiêu đề Content-Type: application/json.";

/** The limits of every route; mounted first, so nothing reads an oversized body. */
export const bodyLimits: MiddlewareHandler = async (c, next) => {
  if (!WITH_BODY.has(c.req.method)) return next();
  const length = c.req.header("content-length");
  const chunked = c.req.header("transfer-encoding") !== undefined;
  // Over HTTP/1.1 a body comes with one of the two headers; a Request built in code (app.request,
  // Workers) may have a body stream without them. The headers first: reading `raw.body` makes
  // @hono/node-server build a full web Request, which webhooks should not pay for.
  // Neither header nor a content type: no body. (@hono/node-server gives a bodiless DELETE from a
  // browser a body stream all the same; refusing it with 415 broke every delete in the console.)
  const hasBody = length !== undefined || chunked ? chunked || length !== "0" : c.req.header("content-type") !== undefined && c.req.raw.body !== null;
  if (!hasBody) return next();
  const { limit, json } = limitOf(c.req.path);
  if (json && !isJson(c.req.header("content-type") ?? ""))
    return c.json(errorBody("unsupported_media_type", UNSUPPORTED_MEDIA_TYPE_MESSAGE), 415);
  // A Content-Length settles it without touching the body (Node reads exactly that many bytes);
  // a chunked body is counted as it streams and cut at the limit.
  if (!chunked && length && /^\d+$/.test(length)) return Number(length) > limit.maxBytes ? tooLarge(limit)(c, next) : next();
  return streaming.get(limit)!(c, next);
};

type Document = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;
const ERROR_REF = { $ref: "#/components/schemas/Error" };

/** The OpenAPI document with the 413 of every operation that takes a body, and the 415 of those taking JSON. */
export function withBodyLimits(doc: Document): Document {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith("/api/")) continue;
    for (const method of ["post", "put", "patch", "delete"] as const) {
      const operation = item?.[method];
      const body = operation?.requestBody;
      if (!operation || !body || "$ref" in body) continue;
      const takesJson = Object.keys(body.content ?? {}).some(isJson);
      const limit = takesJson ? JSON_LIMIT : IMPORT_LIMIT;
      operation.responses = {
        ...operation.responses,
        413: { description: `The body is larger than ${limit.maxBytes} bytes (${takesJson ? "1 MiB" : "2 MB"})`, content: { "application/json": { schema: ERROR_REF } } },
        ...(takesJson ? { 415: { description: "The body is not sent as application/json", content: { "application/json": { schema: ERROR_REF } } } } : {}),
      };
    }
  }
  return doc;
}
