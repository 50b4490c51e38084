import { DeliveryError, type DeliveryFailure } from "../channel.js";
import { ZaloOaApiError } from "./client.js";

/** -230: the follower has not interacted with the OA in the last 7 days. */
export const OUTSIDE_WINDOW = -230;

/** Errors that say this follower cannot be reached through the OA, with why in plain Vietnamese. */
const UNREACHABLE: Record<number, string> = {
  [OUTSIDE_WINDOW]:
    "Zalo OA không cho gửi: người này chưa nhắn tin cho OA của phường trong 7 ngày qua (lỗi -230). Khi họ nhắn cho OA, OA lại gửi được",
  [-213]: "Zalo OA không cho gửi: người này đã bỏ quan tâm (unfollow) OA của phường (lỗi -213)",
  [-201]: "Zalo OA không nhận mã người dùng này (lỗi -201): có thể họ không còn quan tâm OA",
};

/** Errors that say the access token is no good: refreshed once, then the message is tried again. */
export const TOKEN_ERRORS = new Set([-216, -124, -14014, -14002]);

export const isTokenError = (error: unknown) => error instanceof ZaloOaApiError && TOKEN_ERRORS.has(error.code);

/** Zalo OA's failure → what the outbox should do. */
export function classifyZaloOaError(error: unknown): DeliveryFailure {
  if (error instanceof ZaloOaApiError) {
    const unreachable = UNREACHABLE[error.code];
    if (unreachable) return { kind: "permanent", reason: unreachable, unreachable: true };
    if (error.code >= 500 || error.code === 408 || error.code === 429) return { kind: "transient", reason: `Zalo OA tạm thời lỗi (${error.code})` };
    // Any other refusal (a malformed message, a quota of the OA's package…) never succeeds by
    // being sent again: failed at once, with Zalo's words.
    return { kind: "permanent", reason: `Zalo OA từ chối tin nhắn (lỗi ${error.code}: ${error.description})`, unreachable: false };
  }
  return { kind: "transient", reason: `Không kết nối được Zalo OA: ${(error as Error)?.message ?? String(error)}` };
}

export function asZaloOaDeliveryError(error: unknown): DeliveryError {
  return error instanceof DeliveryError ? error : new DeliveryError(classifyZaloOaError(error));
}

/** The ward's OA cannot send until an admin connects it again (its refresh token was refused). */
export class OaTokenRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "OaTokenRefused";
  }
}

/** No answer from Zalo's token endpoint, or another's refresh took too long: try again later. */
export class OaTokenUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "OaTokenUnavailable";
  }
}
