import type { Logger } from "../../core/logger.js";
import { DeliveryError, parseAddress, sendPictureThenText, type Outgoing, type Sender } from "../channel.js";
import { ZaloApiError, type ZaloApi } from "./client.js";
import { asZaloDeliveryError } from "./errors.js";
import { zaloParts } from "./render.js";

/** Zalo publishes no rate: after a 429 wait this long, doubling while 429s follow one another. */
export const QUOTA_BACKOFF = { firstSeconds: 5, maxSeconds: 300 };
/**
 * A refused token (401) cannot heal by itself: the message stays pending and is tried again this
 * rarely (a 429-like wait, which does not use up its attempts), so nothing is lost while an
 * operator corrects ZALO_BOT_TOKEN and restarts.
 */
export const TOKEN_REFUSED_RETRY_SECONDS = 600;

/** The platform chat id of an address: group chats carry our "g:" prefix. */
export const zaloChatId = (address: string) => {
  const { chatId } = parseAddress(address);
  return chatId.startsWith("g:") ? chatId.slice(2) : chatId;
};

/**
 * Sends one outgoing message through the Zalo Bot API: its picture first when it has a public
 * URL (Zalo takes pictures by URL only; without one the text carries the link), then the text
 * with its numbered menu, in parts under 2,000 characters. As on Telegram, a failure part-way
 * makes the outbox send the whole message again (at least once).
 */
export function zaloSender(api: ZaloApi, log: Logger): Sender {
  let quotaStreak = 0;
  let tokenRefusalReported = false;
  const asDeliveryError = (error: unknown): DeliveryError => {
    if (error instanceof ZaloApiError && error.code === 429) {
      quotaStreak++;
      const seconds = Math.min(QUOTA_BACKOFF.firstSeconds * 2 ** (quotaStreak - 1), QUOTA_BACKOFF.maxSeconds);
      return new DeliveryError({ kind: "retry_after", seconds });
    }
    if (error instanceof ZaloApiError && error.code === 401) {
      if (!tokenRefusalReported) {
        tokenRefusalReported = true;
        log.error(
          "zalo: the Zalo Bot API refused ZALO_BOT_TOKEN (401); Zalo messages stay in the outbox until the token is corrected and the server restarted",
        );
      }
      return new DeliveryError({ kind: "retry_after", seconds: TOKEN_REFUSED_RETRY_SECONDS });
    }
    return asZaloDeliveryError(error);
  };
  return async (item: Outgoing) => {
    const chatId = zaloChatId(item.address);
    const url = item.message.photo?.url;
    // A picture refused for good (a group that forbids media) never holds back the words.
    const outcome = await sendPictureThenText(
      url ? () => api.sendPhoto(chatId, url, item.message.photo?.caption) : undefined,
      async () => {
        for (const part of zaloParts(item.message)) await api.sendMessage(chatId, part);
      },
      asDeliveryError,
    );
    quotaStreak = 0;
    tokenRefusalReported = false;
    return outcome;
  };
}
