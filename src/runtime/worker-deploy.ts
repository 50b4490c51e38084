/**
 * `npm run worker:deploy` (after worker:build has made the static assets ready): applies the D1
 * migrations to the Cloudflare database, then `wrangler deploy`. Needs `wrangler login` or
 * CLOUDFLARE_API_TOKEN; the only worker script that talks to Cloudflare.
 */
import { spawnSync } from "node:child_process";
import { root, wranglerBin } from "./worker-tools.js";

const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
for (const args of [["d1", "migrations", "apply", "DB", "--remote"], ["deploy"]]) {
  const run = spawnSync(process.execPath, [wranglerBin, ...args], { cwd: root, env, stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
