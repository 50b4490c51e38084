import { Api, GrammyError, type Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "../../core/logger.js";
import type { InboundEvent } from "../channel.js";
import { COMMANDS, createTelegramBot } from "./bot.js";

export interface TelegramConfig {
  token: string;
  apiRoot: string;
  mode: "webhook" | "polling";
  webhookSecret?: string;
}

const STARTUP_CALL_TIMEOUT_S = 5;
const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/** Until getMe answers, the bot still handles updates with what the token tells about it. */
export function provisionalBotInfo(token: string, username = ""): UserFromGetMe {
  return {
    id: Number(token.split(":")[0]),
    is_bot: true,
    first_name: "wardbot",
    username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  } as UserFromGetMe;
}

/**
 * Connects the Telegram channel: learns the bot's identity (without letting an unreachable
 * Telegram block start-up), builds the bot, sets the Vietnamese command menu, and registers the
 * webhook or starts long polling.
 */
export async function connectTelegram(config: TelegramConfig, publicUrl: string | undefined, log: Logger, onEvent: (e: InboundEvent) => Promise<void>) {
  // Start-up calls give up quickly: an unreachable Telegram must not hold the server back.
  const api = new Api(config.token, { apiRoot: config.apiRoot, timeoutSeconds: STARTUP_CALL_TIMEOUT_S });
  let botInfo: UserFromGetMe;
  try {
    botInfo = await api.getMe();
  } catch (error) {
    log.warn("telegram: getMe failed; invitation links wait until Telegram answers", { error: (error as Error).message });
    botInfo = provisionalBotInfo(config.token);
  }
  const bot: Bot = createTelegramBot({ token: config.token, apiRoot: config.apiRoot, log, botInfo, onEvent });

  const setup = async () => {
    await api.setMyCommands(COMMANDS);
    if (config.mode === "webhook") {
      await api.setWebhook(`${publicUrl}/webhooks/telegram`, {
        secret_token: config.webhookSecret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
    }
  };
  await setup().catch((error) => log.warn("telegram: could not set commands/webhook", { error: (error as Error).message }));

  return {
    bot,
    username: botInfo.username || undefined,
    startPolling() {
      if (config.mode !== "polling") return;
      void bot.start({ allowed_updates: [...ALLOWED_UPDATES], onStart: () => log.info("telegram: long polling started") }).catch((error) => {
        // Telegram lets one process poll a bot: a second one ends the first's poll with 409 (grammY
        // then stops). With several instances, updates must come by webhook.
        if (error instanceof GrammyError && error.error_code === 409)
          log.error(
            "telegram: another process is polling this bot, so this one stopped polling; run one instance in polling mode, " +
              "or, with several instances, set PUBLIC_URL, TELEGRAM_MODE=webhook and TELEGRAM_WEBHOOK_SECRET (deploy/multi-instance/README.md)",
          );
        else log.error("telegram: polling stopped", { error: (error as Error).message });
      });
    },
    async stop() {
      if (bot.isRunning()) await bot.stop();
    },
  };
}
