import { secretMatcher } from "../../core/crypto.js";

/** Zalo sends the secret given to setWebhook in this header on every webhook request (no HMAC). */
export const ZALO_SECRET_HEADER = "x-bot-api-secret-token";

/** Whether a presented header is the webhook secret, compared in constant time. */
export function zaloSecretCheck(secret: string): (presented: string | undefined) => boolean {
  const matches = secretMatcher(secret);
  return (presented) => matches(presented ?? "");
}
