/**
 * What `npm run worker:dev` and `npm run worker:build` share: wrangler run from node_modules,
 * kept off the network (no metrics, no Cloudflare lookups, its config and logs inside the repo's
 * ignored .wrangler/ folder), and the static assets made ready next to the console's build.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PAGE_HEADERS } from "../server/console.js";
import { chartFontFiles } from "../services/exports/png.js";

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
 * without the Worker; and the chart's fonts under /fonts/ (src/services/exports/png-wasm.ts reads
 * them there: in the bundle they would take a quarter of Cloudflare's 3 MiB). Without a built
 * console (`npm run build`), only these: the API works.
 */
export function prepareWorkerAssets(): { consoleBuilt: boolean } {
  const dir = join(root, "src/.build/console");
  mkdirSync(dir, { recursive: true });
  const headers = ["/*", ...Object.entries(PAGE_HEADERS).map(([name, value]) => `  ${name}: ${value}`)].join("\n") + "\n";
  writeFileSync(join(dir, "_headers"), headers);
  mkdirSync(join(dir, "fonts"), { recursive: true });
  for (const font of chartFontFiles()) copyFileSync(font, join(dir, "fonts", basename(font)));
  return { consoleBuilt: existsSync(join(dir, "index.html")) };
}
