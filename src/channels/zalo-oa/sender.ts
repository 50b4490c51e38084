import { DeliveryError, parseAddress, type Outgoing, type Sender } from "../channel.js";
import { sendConsultation, type ZaloOaRoots } from "./client.js";
import { asZaloOaDeliveryError, isTokenError, OaTokenRefused, OaTokenUnavailable } from "./errors.js";
import { splitOaChatId } from "./parse.js";
import { zaloOaParts } from "./render.js";

/**
 * A ward whose OA token was refused cannot send until an admin connects it again: its messages
 * wait (not using up their attempts) and are looked at this rarely, or at once when the OA is
 * connected again. Only that chat waits: other wards' OAs go on.
 */
export const TOKEN_REFUSED_RETRY_SECONDS = 600;

/** The ward's current access token for an OA; `rejected`: the one Zalo just refused. */
export type OaTokenSource = (oaId: string, rejected?: string) => Promise<string>;

/**
 * Sends one outgoing message as consultation messages of the ward's OA (the address says which
 * OA: "zalo_oa:<oaId>:<userId>"), in parts under the OA's limit with the choices as buttons
 * under the last. A token Zalo refuses (-216) is refreshed once and the part sent again. As on
 * the other channels, a failure part-way makes the outbox send the whole message again.
 */
export function zaloOaSender(roots: ZaloOaRoots, accessToken: OaTokenSource): Sender {
  const tokenFor = async (oaId: string, rejected?: string) => {
    try {
      return await accessToken(oaId, rejected);
    } catch (error) {
      if (error instanceof OaTokenRefused)
        throw new DeliveryError({ kind: "retry_after", seconds: TOKEN_REFUSED_RETRY_SECONDS, reason: error.reason, scope: "chat" });
      if (error instanceof OaTokenUnavailable) throw new DeliveryError({ kind: "transient", reason: error.reason });
      throw error;
    }
  };
  return async (item: Outgoing) => {
    const { oaId, userId } = splitOaChatId(parseAddress(item.address).chatId);
    let token = await tokenFor(oaId);
    for (const part of zaloOaParts(item.message)) {
      try {
        await sendConsultation(roots, token, userId, part.text, part.buttons);
      } catch (error) {
        if (!isTokenError(error)) throw asZaloOaDeliveryError(error);
        token = await tokenFor(oaId, token);
        try {
          await sendConsultation(roots, token, userId, part.text, part.buttons);
        } catch (again) {
          throw asZaloOaDeliveryError(again);
        }
      }
    }
  };
}
