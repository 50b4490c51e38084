/**
 * `npm run worker:dev`: the Worker under `wrangler dev` (workerd, a local D1, nothing sent to
 * Cloudflare) on 127.0.0.1:$PORT (8787), its D1 migrations applied first, and the same
 * configuration names as on Node passed through as vars when they are set.
 * `--persist-to <dir>` keeps the local D1 elsewhere than .wrangler/state.
 */
import { spawn, spawnSync } from "node:child_process";
import { CONFIG_NAMES } from "../config/env.js";
import { prepareWorkerAssets, root, wranglerBin, wranglerEnv } from "./worker-tools.js";
import { WORKER_ONLY_NAMES } from "./worker-env.js";

const args = process.argv.slice(2);
const persistAt = args.indexOf("--persist-to");
const persist = persistAt >= 0 ? ["--persist-to", args[persistAt + 1]!] : [];
const port = process.env.PORT || "8787";
const env = wranglerEnv();

if (!prepareWorkerAssets().consoleBuilt) console.warn("worker:dev: the web console is not built (npm run build): the API works, / does not");

const migrate = spawnSync(process.execPath, [wranglerBin, "d1", "migrations", "apply", "DB", "--local", ...persist], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
if (migrate.status !== 0) {
  console.error("worker:dev: the D1 migrations could not be applied locally");
  process.exit(migrate.status ?? 1);
}

// Only the names that are set; PORT and HOST are wrangler's own here.
const vars = [...CONFIG_NAMES, ...WORKER_ONLY_NAMES]
  .filter((name) => name !== "PORT" && name !== "HOST" && process.env[name])
  .flatMap((name) => ["--var", `${name}:${process.env[name]}`]);

const dev = spawn(
  process.execPath,
  [wranglerBin, "dev", "--ip", "127.0.0.1", "--port", port, "--local", "--show-interactive-dev-session=false", "--test-scheduled", ...persist, ...vars, ...args.filter((_, i) => i !== persistAt && i !== persistAt + 1)],
  { cwd: root, env, stdio: "inherit" },
);
console.log(`worker:dev: http://127.0.0.1:${port}/ · Cron Trigger: curl "http://127.0.0.1:${port}/__scheduled?cron=*+*+*+*+*"`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
