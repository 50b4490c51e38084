import { GrammyError, HttpError } from "grammy";
import { DeliveryError, type DeliveryFailure } from "../channel.js";

/** Bot API answers that mean this chat will never take a message from us again. */
const GONE = /bot was blocked|can't initiate conversation|user is deactivated|chat not found|bot was kicked|not a member/i;

/** Telegram's failure → what the outbox should do about it. */
export function classifyTelegramError(error: unknown): DeliveryFailure {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) return { kind: "retry_after", seconds: error.parameters.retry_after ?? 5 };
    if (error.error_code >= 500) return { kind: "transient", reason: `${error.error_code} ${error.description}` };
    // 400/403: retrying the same request cannot help; only some mean the person is unreachable.
    return { kind: "permanent", reason: `${error.error_code} ${error.description}`, unreachable: GONE.test(error.description) };
  }
  if (error instanceof HttpError) return { kind: "transient", reason: `network: ${(error.error as Error)?.message ?? error.message}` };
  return { kind: "transient", reason: (error as Error)?.message ?? String(error) };
}

export function asDeliveryError(error: unknown): DeliveryError {
  return error instanceof DeliveryError ? error : new DeliveryError(classifyTelegramError(error));
}
