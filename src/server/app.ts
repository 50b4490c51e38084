import { OpenAPIHono } from "@hono/zod-openapi";
import type { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type ErrorCode } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Database } from "../db/types.js";
import type { AdminKeys } from "../services/admin-tokens.js";
import type { ServiceContext } from "../services/context.js";
import type { AppEnv } from "./env.js";
import { errorBody } from "./errors.js";
import { cycleRoutes } from "./routes/cycles.js";
import { deliveryRoutes } from "./routes/deliveries.js";
import { documentSettingsRoutes } from "./routes/document-settings.js";
import { daysOffRoutes } from "./routes/days-off.js";
import { fileRoutes } from "./routes/files.js";
import { summaryRoutes } from "./routes/summaries.js";
import { reportEntryRoutes } from "./routes/report-entry.js";
import { meetingRoutes } from "./routes/meetings.js";
import { memberRoutes } from "./routes/members.js";
import { setupRoutes } from "./routes/setup.js";
import { unitRoutes } from "./routes/units.js";
import { wardRoutes } from "./routes/wards.js";
import { healthRoute } from "./health.js";
import { metricsRoute } from "./metrics-route.js";
import type { Counters } from "../services/metrics.js";
import { idempotency, withIdempotencyKey } from "./idempotency.js";
import { bodyLimits, UNSUPPORTED_MEDIA_TYPE_MESSAGE, withBodyLimits } from "./body-limits.js";
import { consoleRoute, type ConsoleAssets } from "./console.js";
import { isUniqueViolation } from "../db/errors.js";
import { accessControl } from "./access.js";
import { authenticate } from "./authenticate.js";
import { authRoutes, publicAuthRoutes } from "./routes/auth.js";
import { tokenRoutes } from "./routes/tokens.js";
import { zaloOaRoutes } from "./routes/zalo-oa.js";
import { webhookRoutes } from "./routes/webhooks.js";
import { personalDataRoutes } from "./routes/personal-data.js";
import type { Principal } from "../core/access.js";
import type { ChannelName } from "../channels/registry.js";

export interface AppDeps {
  db: Database;
  log: Logger;
  now: () => Date;
  adminKeys: AdminKeys;
  version: string;
  defaultTimezone: string;
  telegramBotUsername?: string;
  zaloBot?: ServiceContext["zaloBot"];
  /** PUBLIC_URL: signed links to files are made only with it. */
  publicUrl?: string;
  linkSigningKey?: string;
  delivery?: { wake(): void };
  /** The channels this server sends on (see ServiceContext.channels). */
  channels?: readonly ChannelName[];
  /** Where the Zalo OA API is (ServiceContext.zaloOa). */
  zaloOa?: ServiceContext["zaloOa"];
  /** WEBHOOKS_ALLOW_PRIVATE (see ServiceContext). */
  webhooksAllowPrivate?: boolean;
  /** Extra routes mounted at the root, e.g. channel webhooks (they check their own secrets). */
  webhooks?: Hono<AppEnv>[];
  /** This process's counters (updates handled), shown by GET /metrics. */
  counters?: Counters;
  /** METRICS_TOKEN: reads GET /metrics (the admin token does too). */
  metricsToken?: string;
  /** The web console's built files, served at `/`; without them only the API answers. */
  consoleAssets?: ConsoleAssets;
}

/** The whole HTTP surface, built from its dependencies; no listening, no runtime specifics. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();

  app.use(requestId());
  app.use(async (c, next) => {
    const log = deps.log.child({ requestId: c.var.requestId });
    c.set("log", log);
    const started = performance.now();
    await next();
    // The path only: query strings may carry tokens.
    log.info("request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });

  app.use(bodyLimits);

  const services = (log: Logger, actor: string, principal?: Principal): ServiceContext => ({
    db: deps.db,
    now: deps.now,
    log,
    actor,
    principal,
    defaultTimezone: deps.defaultTimezone,
    telegramBotUsername: deps.telegramBotUsername,
    zaloBot: deps.zaloBot,
    publicUrl: deps.publicUrl,
    linkSigningKey: deps.linkSigningKey,
    delivery: deps.delivery,
    channels: deps.channels,
    zaloOa: deps.zaloOa,
    webhooksAllowPrivate: deps.webhooksAllowPrivate,
  });

  const documentConfig = {
    openapi: "3.1.0",
    info: {
      title: "wardbot admin API",
      version: deps.version,
      description: "Set up a ward: its groups and people, the report form, the schedule, meetings and summary chats.",
    },
  };
  app.route("/", healthRoute(deps));
  app.route("/", metricsRoute(deps));
  app.route("/", fileRoutes((log) => services(log, "link")));
  for (const webhook of deps.webhooks ?? []) app.route("/", webhook);

  // Sign-in needs no credentials: mounted before the authentication, which it never reaches.
  app.use("/api/v1/auth/sign-in", async (c, next) => (c.set("services", services(c.var.log, "sign-in")), next()));
  app.use("/api/v1/auth/verify", async (c, next) => (c.set("services", services(c.var.log, "sign-in")), next()));
  app.route("/api/v1", publicAuthRoutes(deps.publicUrl));

  // Our own check rather than hono/bearer-auth: that one answers a malformed header with 400,
  // and this API promises 401 for any missing or wrong credentials.
  app.use("/api/*", authenticate(deps));
  app.use("/api/*", async (c, next) => {
    c.set("services", services(c.var.log, c.var.principal.actor, c.var.principal));
    await next();
  });
  // The one access check: scope and role, for every operation of the document.
  app.use("/api/v1/*", accessControl(deps.db, () => app.getOpenAPI31Document(documentConfig).paths as never));
  app.use("/api/v1/*", idempotency(deps.now));

  const api = new OpenAPIHono<AppEnv>().route("/", wardRoutes).route("/", memberRoutes).route("/", setupRoutes).route("/", meetingRoutes).route("/", cycleRoutes).route("/", reportEntryRoutes).route("/", deliveryRoutes).route("/", daysOffRoutes).route("/", summaryRoutes).route("/", unitRoutes).route("/", documentSettingsRoutes).route("/", tokenRoutes).route("/", authRoutes).route("/", zaloOaRoutes).route("/", webhookRoutes).route("/", personalDataRoutes);
  app.route("/api/v1", api);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "wardbot_session" });
  // The idempotency and body-limit middlewares serve every route, so the document says so once
  // here rather than in each route.
  app.get("/api/openapi.json", (c) => c.json(withBodyLimits(withIdempotencyKey(app.getOpenAPI31Document(documentConfig)))));

  // Last: the console answers the GETs that no API, file or health route took.
  if (deps.consoleAssets) app.route("/", consoleRoute(deps.consoleAssets));

  app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));

  app.onError((error, c) => {
    if (error instanceof AppError) return c.json(errorBody(error.code, error.message, error.details), error.status);
    if (isUniqueViolation(error)) return c.json(errorBody("conflict", "This record already exists"), 409);
    if (error instanceof HTTPException) {
      // The validators' own media-type check, for a route the body-limit table did not cover.
      if (error.status === 415) return c.json(errorBody("unsupported_media_type", UNSUPPORTED_MEDIA_TYPE_MESSAGE), 415);
      const code: ErrorCode = error.status === 404 ? "not_found" : error.status < 500 ? "invalid_input" : "internal";
      return c.json(errorBody(code, error.message || "Bad request"), error.status as ContentfulStatusCode);
    }
    (c.var.log ?? deps.log).error("unhandled error", { error, path: c.req.path });
    return c.json(errorBody("internal", `Internal error; quote request id ${c.var.requestId} when reporting it`), 500);
  });

  return app;
}
