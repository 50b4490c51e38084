/**
 * Everything a Worker isolate builds once, on its first request or Cron Trigger: the Prisma
 * client on D1, the channels, the Hono app (the same createApp as on Node, with the same
 * dependencies), the deliverers. Cached per isolate rather than per request: the client's query
 * compiler (WebAssembly) and the app's routes cost milliseconds to build, while nothing in them
 * holds a request's I/O (D1 and fetch are called per query, per send), so requests can share them.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pkg from "../../package.json" with { type: "json" };
import { handleInbound } from "../services/chat/handle-inbound.js";
import { createLogger } from "../core/logger.js";
import { d1Adapter } from "../db/d1-adapter.js";
import { PrismaClient } from "../db/generated/workerd/client.js";
import type { Database } from "../db/types.js";
import { createApp } from "../server/app.js";
import { prepareAdminKeys } from "../services/admin-tokens.js";
import type { ServiceContext } from "../services/context.js";
import { Counters, countedInbound } from "../services/metrics.js";
import { createDeliverer } from "../services/outbox.js";
import { tick } from "../services/scheduler/tick.js";
import { createWebhookDeliverer } from "../services/webhook-delivery.js";
import { WEBHOOK_CHANNEL } from "../services/webhooks.js";
import type { ChannelName } from "../channels/channel.js";
import { workerChannels } from "./worker-channels.js";
import { deliveryPass, passWaker } from "./worker-delivery.js";
import type { ExecutionContext, WorkerConfig, WorkerEnv } from "./worker-env.js";

export interface WorkerRuntime {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response>;
  scheduled(at: Date, ctx: ExecutionContext): Promise<void>;
}

export async function buildWorkerRuntime(config: WorkerConfig): Promise<WorkerRuntime> {
  const { app: appConfig } = config;
  const log = createLogger(appConfig.logLevel, (line) => console.log(line));
  // The workerd client has the Node client's shape (one schema, two generators): the services
  // are typed on the Node one.
  const db = new PrismaClient({ adapter: d1Adapter(config.db), errorFormat: "minimal" }) as unknown as Database;
  const now = () => new Date();
  const { keys } = await prepareAdminKeys(db, config.adminToken);

  // The request (or Cron Trigger) being served, so that a wake deep in a service keeps its
  // delivery pass alive with that request's waitUntil.
  const current = new AsyncLocalStorage<ExecutionContext>();
  const counters = new Counters();
  const inbound = countedInbound(counters, (event) => handleInbound(chatContext(), event));
  const channels = await workerChannels({ app: appConfig, telegramBotUsername: config.telegramBotUsername, db, log, now }, inbound);
  const channelNames = Object.keys(channels.senders) as ChannelName[];

  const deliverers = [
    { deliverer: createDeliverer({ db, senders: channels.senders, log }) },
    {
      deliverer: createWebhookDeliverer({ db, log, linkSigningKey: appConfig.linkSigningKey, allowPrivate: appConfig.webhooksAllowPrivate }),
      queue: WEBHOOK_CHANNEL,
    },
  ];
  const wakePass = passWaker(() => deliveryPass(db, deliverers, log));
  const delivery = {
    wake() {
      const pass = wakePass();
      current.getStore()?.waitUntil(pass);
    },
  };

  const base = {
    db,
    now,
    log,
    defaultTimezone: appConfig.timezone,
    telegramBotUsername: channels.telegramBotUsername,
    zaloBot: channels.zaloBot,
    publicUrl: appConfig.publicUrl,
    linkSigningKey: appConfig.linkSigningKey,
    delivery,
    channels: channelNames,
    zaloOa: appConfig.zaloOa,
    webhooksAllowPrivate: appConfig.webhooksAllowPrivate,
  };
  const chatContext = (): ServiceContext => ({ ...base, actor: "chat" });

  const app = createApp({
    ...base,
    adminKeys: keys,
    version: pkg.version,
    consoleAssets: config.assets,
    webhooks: channels.webhooks,
    counters,
    metricsToken: appConfig.metricsToken,
  });

  return {
    fetch: (request, env, ctx) => current.run(ctx, async () => app.fetch(request, env, ctx as never)),
    scheduled: (at, ctx) =>
      current.run(ctx, async () => {
        // The tick is a function of the trigger's minute: two calls for the same minute open
        // and queue nothing twice (job runs are keyed in the database).
        await tick({ ...base, actor: "scheduler" }, at).catch((error) => log.error("scheduler tick failed", { error }));
        await wakePass();
      }),
  };
}
