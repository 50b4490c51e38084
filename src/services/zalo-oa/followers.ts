import type { Database } from "../../db/types.js";

export const UNFOLLOWED_REASON = "Người này đã bỏ quan tâm (unfollow) OA của phường: OA không gửi được cho họ nữa";

/**
 * A follower left the OA: their OA account is marked unreachable, so what is sent to them goes
 * to another channel they are bound on (core/reach.ts), and admins see why. Writing to the OA
 * again clears the mark (a private turn notes the channel used).
 */
export async function markUnfollowed(db: Database, chatId: string, at: Date): Promise<void> {
  await db.channelIdentity.updateMany({
    where: { channel: "zalo_oa", externalId: chatId, unreachableAt: null },
    data: { unreachableAt: at, unreachableReason: UNFOLLOWED_REASON },
  });
}
