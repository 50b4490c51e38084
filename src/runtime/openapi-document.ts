/**
 * The OpenAPI document exactly as the server serves it at GET /api/openapi.json, produced
 * in-process at build time (no database, no socket) so the console's client types are generated
 * from the same routes the server runs.
 */
import { createApp } from "../server/app.js";
import { createLogger } from "../core/logger.js";
import type { Database } from "../db/types.js";

export async function openApiDocument(): Promise<unknown> {
  const app = createApp({
    // Building the document touches neither the database nor the clock.
    db: undefined as unknown as Database,
    log: createLogger("silent"),
    now: () => new Date(0),
    adminKeys: { verify: async () => "build" },
    version: "build",
    defaultTimezone: "Asia/Ho_Chi_Minh",
  });
  const res = await app.request("/api/openapi.json", { headers: { authorization: "Bearer build" } });
  if (!res.ok) throw new Error(`the OpenAPI document could not be built: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}
