import { Hono } from "hono";
import { checkSignedPath } from "../../core/signed-link.js";
import type { Logger } from "../../core/logger.js";
import type { ServiceContext } from "../../services/context.js";
import { cycleChartPath, linkSigningKey } from "../../services/signed-links.js";
import type { AppEnv } from "../env.js";
import { errorBody } from "../errors.js";
import { PNG, fileHeaders } from "../route.js";

/**
 * Files opened through signed links, without an admin token: the link's signature covers the
 * exact path (so the cycle) and its expiry. A bad or expired link gets 403 before anything is
 * looked up, so it cannot even tell whether a cycle exists.
 */
export function fileRoutes(context: (log: Logger) => ServiceContext) {
  return new Hono<AppEnv>().get("/files/cycles/:cycleId/summary.png", async (c) => {
    const ctx = context(c.var.log);
    const cycleId = c.req.param("cycleId");
    const check = await checkSignedPath(await linkSigningKey(ctx), cycleChartPath(cycleId), c.req.query("exp"), c.req.query("sig"), ctx.now());
    if (check !== "valid") {
      const message =
        check === "expired"
          ? "Liên kết đã hết hạn; xin mở liên kết trong bản tổng hợp mới nhất."
          : "Liên kết không hợp lệ.";
      return c.json(errorBody("forbidden", message), 403);
    }
    // Loaded on first use, like the admin download: most processes never draw.
    const { cycleChart } = await import("../../services/exports/cycle-chart.js");
    const { filename, data } = await cycleChart(ctx, cycleId);
    return c.body(data as Uint8Array<ArrayBuffer>, 200, {
      ...fileHeaders(PNG, filename, "inline"),
      // Only whoever holds the link: no shared caches.
      "cache-control": "private, max-age=300",
    });
  });
}
