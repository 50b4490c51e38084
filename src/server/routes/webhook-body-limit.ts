import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

const MAX_BODY_BYTES = 1024 * 1024;
const streamingLimit = bodyLimit({ maxSize: MAX_BODY_BYTES });

/**
 * hono's bodyLimit looks at `raw.body`, which makes @hono/node-server build a full web Request
 * around a stream for every request (~3 % of a webhook's CPU). A Content-Length within the
 * limit settles it without that (Node reads exactly that many bytes, and the platforms always
 * send one); anything else (too long, chunked, no length) goes through bodyLimit as before.
 */
export const webhookBodyLimit: MiddlewareHandler = (c, next) => {
  const length = c.req.header("content-length");
  if (length && /^\d+$/.test(length) && Number(length) <= MAX_BODY_BYTES && !c.req.header("transfer-encoding")) return next();
  return streamingLimit(c, next);
};

