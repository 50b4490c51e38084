import type { InboundEvent, Sender } from "../../channels/channel.js";
import { OaTokenRefused } from "../../channels/zalo-oa/errors.js";
import type { OaAction } from "../../channels/zalo-oa/parse.js";
import { zaloOaSender } from "../../channels/zalo-oa/sender.js";
import { wardOfOa, webhookKeysOf } from "./connections.js";
import { markUnfollowed } from "./followers.js";
import { oaAccessToken, type OaTokenEnv } from "./tokens.js";

/**
 * The Zalo OA channel of this server: one sender and one webhook for every ward's OA, each
 * message going through its own ward's connection (found by the OA id in its address).
 */
export function zaloOaChannel(env: OaTokenEnv, onEvent: (event: InboundEvent) => Promise<void>) {
  const sender: Sender = zaloOaSender(env.roots, async (oaId, rejected) => {
    const wardId = await wardOfOa(env.db, oaId);
    if (!wardId) throw new OaTokenRefused("OA này không còn được kết nối với phường nào; xin quản trị phường kết nối lại OA");
    return oaAccessToken(env, wardId, rejected);
  });
  const webhook = {
    keysOf: (oaId: string) => webhookKeysOf(env, oaId),
    async act(action: OaAction, wardId: string) {
      // The webhook found the ward by the OA the event came to: its people alone bind here.
      if (action.kind === "turn") await onEvent({ ...action.event, wardId });
      else if (action.kind === "unfollow") await markUnfollowed(env.db, action.chatId, env.now());
    },
  };
  return { sender, webhook };
}
