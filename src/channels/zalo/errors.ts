import { DeliveryError, type DeliveryFailure } from "../channel.js";
import { ZaloApiError } from "./client.js";

/** Answers that mean this person or chat cannot be reached by the bot any more. */
const GONE = /block|chặn|not found|không tồn tại|not exist|invalid (user|chat)|unfollow|not (a )?(friend|follower|member)|cannot send|can't send|không thể gửi/i;

/**
 * Zalo's failure → what the outbox should do (429 and 401 are settled by the sender, which
 * keeps the state they need: a backoff, a report made once).
 */
export function classifyZaloError(error: unknown): DeliveryFailure {
  if (error instanceof ZaloApiError) {
    const reason = `${error.code} ${error.description}`;
    if (error.code >= 500 || error.code === 408) return { kind: "transient", reason };
    // 403: the platform refuses this recipient; 400/404: this request can never succeed, and
    // says the chat is gone when it names the user or chat.
    if (error.code === 403) return { kind: "permanent", reason, unreachable: true };
    if (error.code >= 400) return { kind: "permanent", reason, unreachable: GONE.test(error.description) };
  }
  return { kind: "transient", reason: (error as Error)?.message ?? String(error) };
}

export function asZaloDeliveryError(error: unknown): DeliveryError {
  return error instanceof DeliveryError ? error : new DeliveryError(classifyZaloError(error));
}
