/**
 * What `npm run worker:dev` and `npm run worker:build` share: wrangler run from node_modules,
 * kept off the network (no metrics, no Cloudflare lookups, its config and logs inside the repo's
 * ignored .wrangler/ folder), and the static assets made ready next to the console's build.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PAGE_HEADERS } from "../server/console.js";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const wranglerBin = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");

export function wranglerEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_HIDE_BANNER: "true",
    XDG_CONFIG_HOME: join(root, ".wrangler/config"),
    WRANGLER_LOG_PATH: join(root, ".wrangler/logs"),
    ...extra,
  };
}

/**
 * The console's folder as wrangler's [assets] wants it: with a `_headers` file giving every page
 * the same security headers as on Node (src/server/console.ts), since the assets are served
 * without the Worker. Without a built console (`npm run build`), an empty folder: the API works.
 */
export function prepareWorkerAssets(): { consoleBuilt: boolean } {
  const dir = join(root, "src/.build/console");
  mkdirSync(dir, { recursive: true });
  const headers = ["/*", ...Object.entries(PAGE_HEADERS).map(([name, value]) => `  ${name}: ${value}`)].join("\n") + "\n";
  writeFileSync(join(dir, "_headers"), headers);
  return { consoleBuilt: existsSync(join(dir, "index.html")) };
}
