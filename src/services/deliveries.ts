import { parseAddress } from "../channels/channel.js";
import type { ServiceContext } from "./context.js";

export const DELIVERY_STATUSES = ["pending", "sending", "sent", "failed", "dead"] as const;

/**
 * Messages by delivery status, for admins: `failed` (the platform refused for good: blocked,
 * chat gone) and `dead` (given up after retries), with the member behind the chat if known.
 */
export async function listDeliveries(ctx: ServiceContext, status: (typeof DELIVERY_STATUSES)[number], limit = 200) {
  const rows = await ctx.db.outboxMessage.findMany({ where: { status }, orderBy: { createdAt: "desc" }, take: limit });
  const identities = await ctx.db.channelIdentity.findMany({
    where: { address: { in: [...new Set(rows.map((r) => r.address))] } },
    include: { member: { select: { id: true, name: true, wardId: true } } },
  });
  const byAddress = new Map(identities.map((i) => [i.address, i]));
  return rows.map((r) => {
    const identity = byAddress.get(r.address);
    const { channel, chatId } = parseAddress(r.address);
    return {
      id: r.id,
      channel,
      chatId,
      status: r.status as (typeof DELIVERY_STATUSES)[number],
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
      member: identity
        ? { id: identity.member.id, name: identity.member.name, wardId: identity.member.wardId, unreachable: identity.unreachableAt !== null }
        : null,
    };
  });
}
