/**
 * What the Worker gets from Cloudflare (bindings, vars, secrets) and the configuration read from
 * it: the same names as on Node (src/config/env.ts), plus what only Workers need. Pure: no
 * Prisma, no wasm, so Node tests can read a Worker's configuration too.
 */
import { ConfigError, parseEnv, type AppConfig, type ConfigProblem } from "../config/env.js";
import type { D1Binding } from "../db/d1-adapter.js";
import { errorBody } from "../server/errors.js";

/** The static-assets binding ([assets] in wrangler.toml): the web console's built files. */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

/** The Worker's `env`: the bindings of wrangler.toml, and every var and secret as a string. */
export interface WorkerEnv {
  DB?: D1Binding;
  ASSETS?: AssetsBinding;
  [name: string]: unknown;
}

/** The parts of Cloudflare's ExecutionContext and ScheduledController this Worker uses. */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}
export interface ScheduledController {
  scheduledTime: number;
  cron: string;
}

export interface WorkerConfig {
  app: AppConfig;
  /** Checked present (required on Workers: a generated token could not be shown to anyone). */
  adminToken: string;
  db: D1Binding;
  assets?: AssetsBinding;
  /** TELEGRAM_BOT_USERNAME: the bot's @username without asking Telegram (getMe) first. */
  telegramBotUsername?: string;
}

/** Variables only the Worker reads (besides those of src/config/env.ts). */
export const WORKER_ONLY_NAMES = ["TELEGRAM_BOT_USERNAME"];

/** Node's variables that mean nothing on Workers (no port, no file, D1 instead of DATABASE_URL). */
const NODE_ONLY = new Set(["PORT", "HOST", "DATABASE_URL", "DATABASE_AUTH_TOKEN", "BACKUP_DIR", "BACKUP_KEEP", "TELEGRAM_MODE"]);

const isD1 = (value: unknown): value is D1Binding =>
  typeof value === "object" && value !== null && typeof (value as { prepare?: unknown }).prepare === "function" && typeof (value as { batch?: unknown }).batch === "function";

/**
 * Reads the Worker's configuration, or every problem with it, each naming the binding or the
 * variable (never its value). Telegram and the Zalo Bot Platform can only reach a Worker by
 * webhook (it cannot poll), so their webhook secrets are required with their tokens.
 */
export function readWorkerConfig(env: WorkerEnv): { config: WorkerConfig } | { problems: ConfigProblem[] } {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === "string" && !NODE_ONLY.has(name)) vars[name] = value;
  const problems: ConfigProblem[] = [];
  if (!isD1(env.DB))
    problems.push({ variable: "DB", message: 'the D1 database binding is missing: [[d1_databases]] binding = "DB" in wrangler.toml (deploy/cloudflare/README.md)' });
  if (!vars.ADMIN_TOKEN?.trim())
    problems.push({ variable: "ADMIN_TOKEN", message: "is required on Workers: `wrangler secret put ADMIN_TOKEN` (at least 24 characters)" });
  if (vars.ZALO_BOT_TOKEN?.trim() && !vars.ZALO_WEBHOOK_SECRET?.trim())
    problems.push({ variable: "ZALO_WEBHOOK_SECRET", message: "is required with ZALO_BOT_TOKEN on Workers (Zalo reaches a Worker by webhook only)" });
  let app: AppConfig | undefined;
  try {
    app = parseEnv({ ...vars, TELEGRAM_MODE: "webhook" });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.filter((p) => !problems.some((q) => q.variable === p.variable)));
  }
  if (problems.length || !app) return { problems };
  const username = vars.TELEGRAM_BOT_USERNAME?.trim().replace(/^@/, "");
  return {
    config: { app, adminToken: app.adminToken!, db: env.DB!, assets: env.ASSETS, telegramBotUsername: username || undefined },
  };
}

/** The answer to every request while the configuration is incomplete: which names, and where to set them. */
export function configProblemResponse(problems: ConfigProblem[]): Response {
  const list = problems.map((p) => `${p.variable}: ${p.message}`).join("; ");
  return Response.json(
    errorBody("internal", `This Worker is not configured: ${list}. Set secrets with \`wrangler secret put NAME\`, see deploy/cloudflare/README.md.`, {
      problems,
    }),
    { status: 500 },
  );
}
