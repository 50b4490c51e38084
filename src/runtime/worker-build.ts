/**
 * `npm run worker:build`: bundles the Worker as `wrangler deploy` would (minified, into
 * src/.build/worker, nothing uploaded) and prints what Cloudflare counts against its limit: the
 * upload gzipped (scripts, WebAssembly, fonts; not the source map, nor the static assets).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { prepareWorkerAssets, root, wranglerBin, wranglerEnv } from "./worker-tools.js";

const outdir = join(root, "src/.build/worker");
rmSync(outdir, { recursive: true, force: true });
prepareWorkerAssets();
const build = spawnSync(process.execPath, [wranglerBin, "deploy", "--dry-run", "--outdir", outdir], { cwd: root, env: wranglerEnv(), stdio: ["ignore", "pipe", "inherit"] });
if (build.status !== 0) {
  process.stdout.write(build.stdout);
  process.exit(build.status ?? 1);
}

const KiB = 1024;
const parts = readdirSync(outdir)
  .filter((f) => !f.endsWith(".map") && f !== "README.md")
  .map((f) => ({ file: f.replace(/^[0-9a-f]{40}-/, ""), gzip: gzipSync(readFileSync(join(outdir, f)), { level: 9 }).length }))
  .sort((a, b) => b.gzip - a.gzip);
const total = parts.reduce((sum, p) => sum + p.gzip, 0);
for (const p of parts) console.log(`  ${p.file}: ${Math.round(p.gzip / KiB)} KiB gzipped`);
console.log(`worker bundle: ${Math.round(total / KiB)} KiB gzipped (target ≤ 1 MiB; free plan limit 3 MiB)`);
