import { Hono } from "hono";
import type { AppDeps } from "./app.js";
import type { AppEnv } from "./env.js";

/** Liveness and readiness in one: 200 when the database answers, 503 when it does not. */
export function healthRoute(deps: Pick<AppDeps, "db" | "version" | "log">) {
  return new Hono<AppEnv>().get("/healthz", async (c) => {
    const started = performance.now();
    try {
      await deps.db.$queryRawUnsafe("SELECT 1");
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return c.json({ status: "ok", version: deps.version, database: { status: "ok", latencyMs } }, 200);
    } catch (error) {
      c.var.log.error("health check: database unreachable", { error: (error as Error).message });
      return c.json({ status: "unavailable", version: deps.version, database: { status: "unreachable" } }, 503);
    }
  });
}
