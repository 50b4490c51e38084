import { Hono } from "hono";
import { constantTimeEqual, sha256Hex } from "../core/crypto.js";
import { scrapeMetrics, type Counters } from "../services/metrics.js";
import type { AppDeps } from "./app.js";
import type { AppEnv } from "./env.js";
import { errorBody } from "./errors.js";

/**
 * GET /metrics in the Prometheus text format, for `Authorization: Bearer <METRICS_TOKEN>` (a
 * token that can read figures and nothing else) or the admin token. Figures only: no names,
 * chats or message text.
 */
export function metricsRoute(deps: Pick<AppDeps, "db" | "now" | "adminKeys"> & { counters?: Counters; metricsToken?: string }) {
  const metricsHash = deps.metricsToken ? sha256Hex(deps.metricsToken) : undefined;
  return new Hono<AppEnv>().get("/metrics", async (c) => {
    const presented = /^Bearer +([^\s]+) *$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const allowed =
      presented !== undefined &&
      ((metricsHash !== undefined && constantTimeEqual(await sha256Hex(presented), await metricsHash)) || (await deps.adminKeys.verify(presented)) !== null);
    if (!allowed)
      return c.json(errorBody("unauthorized", "Xin gửi mã đọc số liệu (METRICS_TOKEN) hoặc mã quản trị dạng 'Authorization: Bearer <mã>'."), 401, {
        "WWW-Authenticate": 'Bearer realm="wardbot-metrics"',
      });
    return c.body(await scrapeMetrics(deps.db, deps.now(), deps.counters), 200, {
      "content-type": "text/plain; version=0.0.4; charset=utf-8",
      "cache-control": "no-store",
    });
  });
}
