/**
 * The messaging channels on Workers, built once per isolate. Nothing here runs at every request
 * and nothing registers anything: a Worker has no start-up, so the webhooks are set by a command
 * (deploy/cloudflare/README.md), and the bot's identity comes from TELEGRAM_BOT_USERNAME or one
 * getMe per isolate (a short one: an unreachable Telegram only leaves invitation links without
 * the bot's name until the next isolate).
 */
import { Api } from "grammy";
import type { Hono } from "hono";
import type { ChannelName, InboundEvent, Sender } from "../channels/channel.js";
import { createTelegramBot, telegramSender } from "../channels/telegram/bot.js";
import { provisionalBotInfo } from "../channels/telegram/connect.js";
import { zaloApi } from "../channels/zalo/client.js";
import { parseZaloUpdate } from "../channels/zalo/parse.js";
import { zaloSender } from "../channels/zalo/sender.js";
import type { AppConfig } from "../config/env.js";
import type { Logger } from "../core/logger.js";
import type { Database } from "../db/types.js";
import type { AppEnv } from "../server/env.js";
import { telegramWebhook } from "../server/routes/telegram-webhook.js";
import { zaloWebhook } from "../server/routes/zalo-webhook.js";
import { zaloOaWebhook } from "../server/routes/zalo-oa-webhook.js";
import { zaloOaChannel } from "../services/zalo-oa/channel.js";

const IDENTITY_TIMEOUT_S = 3;

export interface WorkerChannels {
  senders: Partial<Record<ChannelName, Sender>>;
  webhooks: Hono<AppEnv>[];
  telegramBotUsername?: string;
  zaloBot?: { accountName?: string };
}

async function telegramChannel(config: NonNullable<AppConfig["telegram"]>, username: string | undefined, log: Logger, onEvent: (e: InboundEvent) => Promise<void>) {
  let botInfo = provisionalBotInfo(config.token, username);
  if (!username) {
    try {
      botInfo = await new Api(config.token, { apiRoot: config.apiRoot, timeoutSeconds: IDENTITY_TIMEOUT_S }).getMe();
    } catch (error) {
      log.warn("telegram: getMe failed; set TELEGRAM_BOT_USERNAME so invitation links never wait for it", { error: (error as Error).message });
    }
  }
  const bot = createTelegramBot({ token: config.token, apiRoot: config.apiRoot, log, botInfo, onEvent });
  return { bot, username: botInfo.username || undefined };
}

export async function workerChannels(
  options: { app: AppConfig; telegramBotUsername?: string; db: Database; log: Logger; now: () => Date },
  onEvent: (event: InboundEvent) => Promise<void>,
): Promise<WorkerChannels> {
  const { app, db, log } = options;
  const senders: WorkerChannels["senders"] = {};
  const webhooks: Hono<AppEnv>[] = [];
  const result: WorkerChannels = { senders, webhooks };

  const zaloOa = zaloOaChannel({ db, linkSigningKey: app.linkSigningKey, now: options.now, log, roots: app.zaloOa }, onEvent);
  senders.zalo_oa = zaloOa.sender;
  webhooks.push(zaloOaWebhook(zaloOa.webhook));

  // readWorkerConfig made the webhook secrets required with the tokens.
  const [telegram, zaloName] = await Promise.all([
    app.telegram ? telegramChannel(app.telegram, options.telegramBotUsername, log, onEvent) : undefined,
    app.zalo
      ? zaloApi({ token: app.zalo.token, apiRoot: app.zalo.apiRoot })
          .getMe({ timeoutMs: IDENTITY_TIMEOUT_S * 1000 })
          .then((me) => me.account_name)
          .catch((error) => (log.warn("zalo: getMe failed; invitations name no Zalo account", { error: (error as Error).message }), undefined))
      : undefined,
  ]);
  if (telegram && app.telegram?.webhookSecret) {
    senders.telegram = telegramSender(telegram.bot);
    webhooks.push(await telegramWebhook(telegram.bot, app.telegram.webhookSecret));
    result.telegramBotUsername = telegram.username;
  }
  if (app.zalo?.webhookSecret) {
    const api = zaloApi({ token: app.zalo.token, apiRoot: app.zalo.apiRoot });
    senders.zalo = zaloSender(api, log);
    webhooks.push(
      zaloWebhook(async (update) => {
        const event = parseZaloUpdate(update);
        if (event) await onEvent(event);
      }, app.zalo.webhookSecret),
    );
    result.zaloBot = { accountName: zaloName };
  }
  return result;
}
