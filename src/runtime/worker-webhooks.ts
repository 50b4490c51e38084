/**
 * `npm run worker:webhooks`: what the Node server does at start and a Worker cannot (it has no
 * start): registers the Telegram webhook (with its secret and the updates the bot reads) and the
 * Vietnamese command menu, and the Zalo Bot Platform webhook, at PUBLIC_URL. Reads the same
 * variables as the server; run it after each `wrangler deploy` that changes the URL or a secret.
 */
import { Api } from "grammy";
import { COMMANDS } from "../channels/telegram/bot.js";
import { zaloApi } from "../channels/zalo/client.js";
import { ConfigError, parseEnv } from "../config/env.js";

let config;
try {
  config = parseEnv({ ...process.env, TELEGRAM_MODE: "webhook" });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (!config.publicUrl || (!config.telegram && !config.zalo)) {
  console.error("Set PUBLIC_URL (the Worker's https:// address) and TELEGRAM_BOT_TOKEN + TELEGRAM_WEBHOOK_SECRET and/or ZALO_BOT_TOKEN + ZALO_WEBHOOK_SECRET.");
  process.exit(1);
}
let failed = false;
if (config.telegram) {
  const api = new Api(config.telegram.token, { apiRoot: config.telegram.apiRoot });
  try {
    await api.setMyCommands(COMMANDS);
    await api.setWebhook(`${config.publicUrl}/webhooks/telegram`, { secret_token: config.telegram.webhookSecret, allowed_updates: ["message", "callback_query"] });
    console.log(`telegram: webhook set to ${config.publicUrl}/webhooks/telegram, commands set`);
  } catch (error) {
    failed = true;
    console.error(`telegram: ${(error as Error).message}`);
  }
}
if (config.zalo) {
  if (!config.zalo.webhookSecret) {
    failed = true;
    console.error("zalo: ZALO_WEBHOOK_SECRET is required");
  } else {
    try {
      await zaloApi({ token: config.zalo.token, apiRoot: config.zalo.apiRoot }).setWebhook(`${config.publicUrl}/webhooks/zalo`, config.zalo.webhookSecret);
      console.log(`zalo: webhook set to ${config.publicUrl}/webhooks/zalo`);
    } catch (error) {
      failed = true;
      console.error(`zalo: ${(error as Error).message}`);
    }
  }
}
process.exit(failed ? 1 : 0);
