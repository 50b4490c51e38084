/**
 * The Node entry: the only file that knows it runs on Node. It reads the environment, opens the
 * embedded database (migrating it), builds the app and serves it until SIGTERM/SIGINT.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { nodeConsoleAssets } from "./node-assets.js";
import { serve } from "@hono/node-server";
import { ConfigError, parseEnv } from "../config/env.js";
import { createLogger } from "../core/logger.js";
import { openMigratedDatabase } from "../db/prepare.js";
import { createApp } from "../server/app.js";
import { prepareAdminKeys } from "../services/admin-tokens.js";
import type { ChannelName, Sender } from "../channels/channel.js";
import { createDeliverer } from "../services/outbox.js";
import { startDeliveryLoop } from "../services/delivery-loop.js";
import { createWebhookDeliverer, nodeResolve } from "../services/webhook-delivery.js";
import { telegramWebhook } from "../server/routes/telegram-webhook.js";
import type { ServiceContext } from "../services/context.js";
import { handleInbound } from "../services/chat/handle-inbound.js";
import { tick } from "../services/scheduler/tick.js";
import { zaloOaChannel } from "../services/zalo-oa/channel.js";
import { zaloOaWebhook } from "../server/routes/zalo-oa-webhook.js";
import { webSender } from "../channels/web/sender.js";
import cron from "node-cron";
import type { Server } from "node:http";
import { trackConnections } from "./http-drain.js";
import { Counters, countedInbound } from "../services/metrics.js";
import { rmSync, writeFileSync } from "node:fs";
import { backupDatabase, databaseFile, pruneBackups, serverMarker } from "../db/backup.js";

const SHUTDOWN_GRACE_MS = 10_000;
const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

let config;
try {
  config = parseEnv(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\nSee the configuration table in README.md.\n`);
  process.exit(1);
}

const log = createLogger(config.logLevel, (line) => process.stdout.write(line + "\n"));
const db = await openMigratedDatabase({ url: config.databaseUrl, authToken: config.databaseAuthToken }, log);
const { keys, generatedToken } = await prepareAdminKeys(db, config.adminToken);
// Tells `npm run db:restore` that this database is in use (removed at stop; a stale one, whose
// process is gone, is ignored).
const dbFile = databaseFile(config.databaseUrl);
if (dbFile) writeFileSync(serverMarker(dbFile), String(process.pid), { mode: 0o600 });

if (generatedToken) {
  // Printed once, on purpose, outside the JSON log: only its hash is stored.
  process.stderr.write(
    `\nADMIN_TOKEN was not set, so one was generated. It is shown only this once; keep it safe:\n\n    ${generatedToken}\n\n` +
      `Use it as "Authorization: Bearer <token>" on /api/*. To choose your own, set ADMIN_TOKEN.\n\n`,
  );
}
if (!config.telegram && !config.zalo) {
  log.warn(
    "no messaging channel configured: the admin API and /healthz work; set TELEGRAM_BOT_TOKEN (and ZALO_BOT_TOKEN) to connect the bot, see README.md",
  );
}

// Channels (Telegram, Zalo, or both): each adapter turns platform updates into events for the same core, and sends what
// the delivery loop takes from the outbox.
const senders: Partial<Record<ChannelName, Sender>> = {};
/** The channels with a sender: destinations elsewhere are refused, messages there shown undeliverable. */
const channels = () => Object.keys(senders) as ChannelName[];
const counters = new Counters();
const inbound = countedInbound(counters, (event) => handleInbound(chatContext(), event));
const channelDeliverer = createDeliverer({ db, senders, log });
const channelLoop = startDeliveryLoop(channelDeliverer, log);
// Webhook events go on their own loop: a slow receiver never holds back a chat message.
const webhookLoop = startDeliveryLoop(
  createWebhookDeliverer({ db, log, linkSigningKey: config.linkSigningKey, allowPrivate: config.webhooksAllowPrivate, resolve: nodeResolve }),
  log,
);
const deliveryLoop = {
  wake: () => (channelLoop.wake(), webhookLoop.wake()),
  stop: () => Promise.all([channelLoop.stop(), webhookLoop.stop()]),
};
const chatContext = (): ServiceContext => ({
  db,
  now: () => new Date(),
  log,
  actor: "chat",
  defaultTimezone: config.timezone,
  telegramBotUsername: telegram?.username,
  zaloBot: zalo ? { accountName: zalo.accountName } : undefined,
  publicUrl: config.publicUrl,
  linkSigningKey: config.linkSigningKey,
  delivery: deliveryLoop,
  channels: channels(),
  zaloOa: config.zaloOa,
});
// The Telegram channel (grammY) is loaded only when a token is configured.
const telegram = config.telegram
  ? await (await import("../channels/telegram/connect.js")).connectTelegram(config.telegram, config.publicUrl, log, inbound)
  : undefined;
if (telegram) senders.telegram = (await import("../channels/telegram/bot.js")).telegramSender(telegram.bot);
// The Zalo channel (Zalo Bot Platform), likewise; a token Zalo refuses leaves it off (said at start).
const zalo = config.zalo
  ? await (await import("../channels/zalo/connect.js")).connectZalo(config.zalo, config.publicUrl, log, inbound)
  : undefined;
if (zalo) senders.zalo = zalo.sender;
// The Zalo OA channel is always on: each ward connects its own OA through the admin API
// (PUT /api/v1/wards/{wardId}/zalo-oa); a message goes through its ward's OA.
const zaloOa = zaloOaChannel({ db, linkSigningKey: config.linkSigningKey, now: () => new Date(), log, roots: config.zaloOa }, (event) =>
  handleInbound(chatContext(), event),
);
senders.zalo_oa = zaloOa.sender;
// The console's chat simulator: its messages are read from the outbox by the console; sending marks them delivered.
senders.web = webSender;
const webhooks = [zaloOaWebhook(zaloOa.webhook)];
if (telegram && config.telegram?.mode === "webhook" && config.telegram.webhookSecret)
  webhooks.push(await telegramWebhook(telegram.bot, config.telegram.webhookSecret));
if (zalo?.mode === "webhook" && config.zalo?.webhookSecret)
  webhooks.push((await import("../server/routes/zalo-webhook.js")).zaloWebhook(zalo.handleUpdate, config.zalo.webhookSecret));
// What was queued before this start goes now, on every channel that has a sender.
deliveryLoop.wake();

const app = createApp({
  db,
  log,
  now: () => new Date(),
  adminKeys: keys,
  version,
  defaultTimezone: config.timezone,
  telegramBotUsername: telegram?.username,
  zaloBot: zalo ? { accountName: zalo.accountName } : undefined,
  publicUrl: config.publicUrl,
  linkSigningKey: config.linkSigningKey,
  delivery: deliveryLoop,
  channels: channels(),
  zaloOa: config.zaloOa,
  webhooksAllowPrivate: config.webhooksAllowPrivate,
  channelRuntime: {
    modes: { ...(telegram && config.telegram ? { telegram: config.telegram.mode } : {}), ...(zalo ? { zalo: zalo.mode } : {}) },
    health: () => channelDeliverer.health?.() ?? {},
  },
  // The bundle runs from src/.build/, `npm run dev` from src/runtime/: both reach src/.build/console.
  consoleAssets: nodeConsoleAssets(fileURLToPath(new URL("../.build/console/", import.meta.url))),
  webhooks,
  counters,
  metricsToken: config.metricsToken,
});
telegram?.startPolling();
zalo?.startPolling();

// The scheduler: one tick a minute (and one now, to catch up after downtime). The tick is a
// plain function of "now"; which jobs run exactly once is settled in the database.
const schedulerContext = (): ServiceContext => ({ ...chatContext(), actor: "scheduler" });
const runTick = () =>
  tick(schedulerContext(), new Date()).catch((error) => log.error("scheduler tick failed", { error }));
void runTick();
const scheduler = cron.schedule("* * * * *", runTick, { noOverlap: true });
// The daily online backup (BACKUP_DIR), at 02:00 in APP_TIMEZONE, keeping the newest BACKUP_KEEP.
const backups =
  config.backup && dbFile
    ? cron.schedule(
        "0 2 * * *",
        async () => {
          try {
            const file = await backupDatabase(dbFile, config.backup!.dir);
            const removed = pruneBackups(config.backup!.dir, config.backup!.keep);
            log.info("database backed up", { file, removed: removed.length });
          } catch (error) {
            log.error("database backup failed", { error });
          }
        },
        { noOverlap: true, timezone: config.timezone },
      )
    : undefined;

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  log.info("listening", { host: config.host, port: info.port, version, database: config.databaseUrl.split(":")[0] });
}) as Server;
const connections = trackConnections(server);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info("shutting down", { signal });
  const force = setTimeout(() => {
    log.warn("in-flight requests did not finish in time; exiting");
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  force.unref();
  // Stop accepting now: idle connections close at once, busy ones right after their answer;
  // meanwhile the scheduler, the channels and the delivery loop stop (the messages already taken
  // out are finished, the rest stay in the outbox for the next start).
  await Promise.all([
    connections.drain(),
    scheduler.stop(),
    backups?.stop(),
    telegram?.stop().catch(() => undefined),
    zalo?.stop().catch(() => undefined),
    deliveryLoop.stop(),
  ]);
  await db.$disconnect();
  if (dbFile) rmSync(serverMarker(dbFile), { force: true });
  log.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
