import { Hono } from "hono";
import type { AppEnv } from "./env.js";

/**
 * Where the web console's files come from: the same shape as a Cloudflare Workers static-assets
 * binding (`env.ASSETS.fetch`), so the Node runtime and Workers plug in the same way. An unknown
 * path without a file extension answers the console's index.html (its own router shows the screen).
 */
export interface ConsoleAssets {
  fetch(request: Request): Promise<Response>;
}

/**
 * What the page may load: only this origin's scripts and styles; pictures also as blob: (charts
 * fetched with the token) and data: (QR codes). No framing, no referrer (URLs may carry ids).
 */
export const PAGE_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/** The console at `/`: every GET outside /api that no other route answered. */
export function consoleRoute(assets: ConsoleAssets) {
  return new Hono<AppEnv>().get("*", async (c, next) => {
    if (c.req.path === "/api" || c.req.path.startsWith("/api/")) return next();
    const res = await assets.fetch(c.req.raw);
    const headers = new Headers(res.headers);
    if (headers.get("content-type")?.startsWith("text/html")) for (const [k, v] of Object.entries(PAGE_HEADERS)) headers.set(k, v);
    else headers.set("x-content-type-options", "nosniff");
    return new Response(res.body, { status: res.status, headers });
  });
}
