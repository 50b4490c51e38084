import { z } from "zod";
import { isValidTimeZone } from "../core/time.js";

/**
 * The whole configuration, parsed from a plain record of strings. `parseEnv` never reads
 * `process.env` itself: the Node runtime passes `process.env`, the Workers runtime passes its
 * bindings, tests pass literals.
 */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const url = (what: string) =>
  optionalString.pipe(
    z
      .string()
      .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), `must be an http(s) URL (${what})`)
      .optional(),
  );

const DATABASE_URL_PATTERN = /^(file:|libsql:\/\/|https?:\/\/)/;
const TELEGRAM_TOKEN = /^\d+:[A-Za-z0-9_-]{20,}$/;
const TELEGRAM_SECRET = /^[A-Za-z0-9_-]{1,256}$/;

const fields = z.object({
  PORT: optionalString
    .transform((v) => (v === undefined ? 8080 : Number(v)))
    .pipe(z.number({ error: "must be a port number" }).int("must be a whole number").min(0).max(65535, "must be at most 65535")),
  HOST: optionalString.default("0.0.0.0"),
  DATABASE_URL: optionalString
    .default("file:./data/wardbot.db")
    .refine((v) => DATABASE_URL_PATTERN.test(v), "must start with file:, libsql://, http:// or https://"),
  DATABASE_AUTH_TOKEN: optionalString,
  PUBLIC_URL: url("the address Telegram and Zalo reach this server at"),
  ADMIN_TOKEN: optionalString.pipe(
    z.string().min(24, "must be at least 24 characters long").optional(),
  ),
  /** Signs the links to files (the summary chart); without it a key is generated and kept in the database. */
  LINK_SIGNING_KEY: optionalString.pipe(
    z.string().min(32, "must be at least 32 characters long").optional(),
  ),
  APP_TIMEZONE: optionalString
    .default("Asia/Ho_Chi_Minh")
    .refine(isValidTimeZone, "must be an IANA time zone such as Asia/Ho_Chi_Minh"),
  LOG_LEVEL: optionalString.pipe(
    z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  ),
  TELEGRAM_BOT_TOKEN: optionalString.pipe(
    z.string().regex(TELEGRAM_TOKEN, "does not look like a bot token from @BotFather").optional(),
  ),
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z.string().regex(TELEGRAM_SECRET, "must be 1-256 characters of A-Z, a-z, 0-9, _ and -").optional(),
  ),
  TELEGRAM_API_ROOT: url("Bot API server").default("https://api.telegram.org"),
  TELEGRAM_MODE: optionalString.pipe(z.enum(["webhook", "polling"]).optional()),
  ZALO_BOT_TOKEN: optionalString,
  ZALO_WEBHOOK_SECRET: optionalString.pipe(
    z.string().min(8, "must be 8-256 characters").max(256, "must be 8-256 characters").optional(),
  ),
  ZALO_API_ROOT: url("Zalo Bot API server").default("https://bot-api.zaloplatforms.com"),
  ZALO_OA_API_ROOT: url("Zalo OA API server").default("https://openapi.zalo.me"),
  ZALO_OA_OAUTH_ROOT: url("Zalo OA token server").default("https://oauth.zaloapp.com"),
  /** A token of its own for GET /metrics, so a Prometheus scraper need not hold the admin token. */
  METRICS_TOKEN: optionalString.pipe(z.string().min(24, "must be at least 24 characters long").optional()),
  /** A folder for the daily online backup of the embedded database; unset: no daily backup. */
  BACKUP_DIR: optionalString,
  BACKUP_KEEP: optionalString
    .transform((v) => (v === undefined ? 7 : Number(v)))
    .pipe(z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(3650, "must be at most 3650")),
  /** Lets webhooks target private and loopback addresses (a receiver on the same network; tests). */
  WEBHOOKS_ALLOW_PRIVATE: optionalString.pipe(z.enum(["true", "false"], { error: "must be true or false" }).default("false")),
});

/** Every configuration variable's name (`npm run worker:dev` passes these through to the Worker). */
export const CONFIG_NAMES = Object.keys(fields.shape);

const envSchema = fields.superRefine((env, ctx) => {
  const mode = env.TELEGRAM_MODE ?? (env.PUBLIC_URL ? "webhook" : "polling");
  if (env.TELEGRAM_BOT_TOKEN && mode === "webhook") {
    if (!env.PUBLIC_URL)
      ctx.addIssue({ code: "custom", path: ["PUBLIC_URL"], message: "is required when TELEGRAM_MODE=webhook" });
    if (!env.TELEGRAM_WEBHOOK_SECRET)
      ctx.addIssue({
        code: "custom",
        path: ["TELEGRAM_WEBHOOK_SECRET"],
        message: "is required when TELEGRAM_MODE=webhook",
      });
  }
  if (env.ZALO_BOT_TOKEN && env.PUBLIC_URL && !env.ZALO_WEBHOOK_SECRET)
    ctx.addIssue({ code: "custom", path: ["ZALO_WEBHOOK_SECRET"], message: "is required with PUBLIC_URL and ZALO_BOT_TOKEN" });
});

type ParsedEnv = z.output<typeof envSchema>;

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string;
  databaseAuthToken?: string;
  publicUrl?: string;
  adminToken?: string;
  linkSigningKey?: string;
  timezone: string;
  logLevel: ParsedEnv["LOG_LEVEL"];
  telegram?: { token: string; webhookSecret?: string; apiRoot: string; mode: "webhook" | "polling" };
  zalo?: { token: string; webhookSecret?: string; apiRoot: string };
  /** Where each ward's Official Account is reached (the OA itself is connected per ward, in the database). */
  zaloOa: { apiRoot: string; oauthRoot: string };
  metricsToken?: string;
  /** The daily backup: where, and how many files are kept. */
  backup?: { dir: string; keep: number };
  webhooksAllowPrivate: boolean;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      "Invalid configuration:\n" + problems.map((p) => `  - ${p.variable}: ${p.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** Parses and validates the environment. Throws ConfigError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): AppConfig {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    // zod's messages describe the rule, never the value, so no secret is echoed.
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "environment"),
        message: issue.message,
      })),
    );
  }
  const env = result.data;
  const publicUrl = env.PUBLIC_URL?.replace(/\/+$/, "");
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databaseAuthToken: env.DATABASE_AUTH_TOKEN,
    publicUrl,
    adminToken: env.ADMIN_TOKEN,
    linkSigningKey: env.LINK_SIGNING_KEY,
    timezone: env.APP_TIMEZONE,
    logLevel: env.LOG_LEVEL,
    metricsToken: env.METRICS_TOKEN,
    backup: env.BACKUP_DIR ? { dir: env.BACKUP_DIR, keep: env.BACKUP_KEEP } : undefined,
    telegram: env.TELEGRAM_BOT_TOKEN
      ? {
          token: env.TELEGRAM_BOT_TOKEN,
          webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
          apiRoot: env.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
          mode: env.TELEGRAM_MODE ?? (publicUrl ? "webhook" : "polling"),
        }
      : undefined,
    zalo: env.ZALO_BOT_TOKEN
      ? {
          token: env.ZALO_BOT_TOKEN,
          webhookSecret: env.ZALO_WEBHOOK_SECRET,
          apiRoot: env.ZALO_API_ROOT.replace(/\/+$/, ""),
        }
      : undefined,
    zaloOa: { apiRoot: env.ZALO_OA_API_ROOT.replace(/\/+$/, ""), oauthRoot: env.ZALO_OA_OAUTH_ROOT.replace(/\/+$/, "") },
    webhooksAllowPrivate: env.WEBHOOKS_ALLOW_PRIVATE === "true",
  };
}
