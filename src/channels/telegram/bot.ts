import { Bot, InputFile, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { autoRetry } from "@grammyjs/auto-retry";
import { base64ToBytes } from "../../core/base64.js";
import type { Logger } from "../../core/logger.js";
import { parseAddress, sendPictureThenText, type InboundEvent, type Outgoing, type Sender } from "../channel.js";
import { asDeliveryError } from "./errors.js";
import { parseTelegramUpdate } from "./parse.js";
import { messageParts, renderKeyboard } from "./render.js";

export interface TelegramOptions {
  token: string;
  apiRoot: string;
  log: Logger;
  /** Known bot identity, so handling an update never waits on getMe. */
  botInfo: UserFromGetMe;
  onEvent: (event: InboundEvent) => Promise<void>;
}

export const COMMANDS = [
  { command: "baocao", description: "Làm báo cáo của kỳ này" },
  { command: "sua", description: "Sửa báo cáo đã gửi" },
  { command: "huy", description: "Tạm dừng báo cáo đang làm" },
  { command: "lichhop", description: "Các cuộc họp sắp tới" },
  { command: "toi", description: "Thông tin của tôi" },
  { command: "kenh", description: "Kênh nhận tin nhắn (Telegram, Zalo)" },
  { command: "tinhhinh", description: "Tình hình báo cáo (lãnh đạo)" },
  { command: "tonghop", description: "Báo cáo tổng hợp (lãnh đạo)" },
  { command: "huylienket", description: "Huỷ liên kết tài khoản" },
  { command: "help", description: "Hướng dẫn" },
];

/** The grammY bot: turns updates into events for the core and answers button presses. */
export function createTelegramBot(options: TelegramOptions): Bot {
  const bot = new Bot(options.token, { botInfo: options.botInfo, client: { apiRoot: options.apiRoot } });
  // Short 429 waits are retried in place; longer ones fail fast and the outbox reschedules
  // the message durably for after retry_after.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5 }));
  bot.errorBoundary(
    (err) => options.log.error("telegram update failed", { error: err.error, updateId: err.ctx.update.update_id }),
    async (ctx: Context) => {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      const event = parseTelegramUpdate(ctx.update, options.botInfo.username);
      if (event) await options.onEvent(event);
    },
  );
  bot.catch((err) => options.log.error("telegram polling error", { error: err.error }));
  return bot;
}

/**
 * Sends one outgoing message through the Bot API: its photo first (uploaded, or by URL), then
 * its text in parts; failures come out as DeliveryError. A photo Telegram refuses for good
 * ("not enough rights to send photos") does not stop the text (sendPictureThenText). The outbox
 * retries the whole message, so after a failure part-way the chat may see the photo or the first
 * parts twice (at least once).
 */
export function telegramSender(bot: Bot): Sender {
  return async (item: Outgoing) => {
    const { chatId } = parseAddress(item.address);
    const parts = messageParts(item.message);
    const { photo } = item.message;
    const picture = photo?.base64 ? new InputFile(base64ToBytes(photo.base64), photo.filename) : photo?.url;
    return sendPictureThenText(
      picture ? () => bot.api.sendPhoto(chatId, picture, photo?.caption ? { caption: photo.caption } : {}) : undefined,
      async () => {
        for (const [i, part] of parts.entries()) {
          const keyboard = i === parts.length - 1 ? renderKeyboard(item.message) : undefined;
          await bot.api.sendMessage(chatId, part.text, {
            ...(part.html ? { parse_mode: "HTML" as const } : {}),
            ...(keyboard ? { reply_markup: keyboard } : {}),
          });
        }
      },
      asDeliveryError,
    );
  };
}
