import { parseAddress } from "../channels/channel.js";
import { CHANNEL_NAMES, channelLabel } from "../channels/registry.js";
import { reasonText } from "../core/delivery-reasons.js";
import { channelConfigured, type ServiceContext } from "./context.js";
import { listScope } from "../core/access.js";
import { wardIdsInScope } from "./placement.js";
import { DEFAULT_PAGE_LIMIT, pageOf, type PageRequest } from "../core/pagination.js";
import { instantAfter, instantKey } from "./paging.js";
import type { ChannelName } from "../channels/registry.js";
import { WEBHOOK_CHANNEL, webhookAddress } from "./webhooks.js";

/**
 * What admins can ask for: the stored statuses, and `undeliverable`: messages waiting for a
 * channel this server is not configured for (stored as pending; they go if it gets configured).
 */
export const DELIVERY_STATUSES = ["pending", "sending", "sent", "failed", "dead", "undeliverable"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Why a message did not go, in plain Vietnamese (null when nothing went wrong). */
export const reasonOf = (lastError: string | null, channel: string) =>
  lastError ? reasonText(lastError, channel === WEBHOOK_CHANNEL ? "webhook" : channelLabel(channel)) : null;

/** Why an undeliverable message waits, for admins. */
export const notConfiguredReason = (channel: string) => `kênh ${channel} chưa được cấu hình trên máy chủ này`;

/**
 * Messages by delivery status, for admins: `failed` (the platform refused for good: blocked,
 * chat gone), `dead` (given up after retries), `undeliverable` (its channel is not configured
 * here), with the member behind the chat if known. `pending` lists only what can go.
 */
export interface DeliveryListQuery extends PageRequest {
  status: DeliveryStatus;
  channel?: ChannelName | typeof WEBHOOK_CHANNEL;
}

export async function listDeliveries(ctx: ServiceContext, query: DeliveryListQuery = { status: "failed", limit: DEFAULT_PAGE_LIMIT }) {
  const { status } = query;
  // Webhooks are always sendable (the webhook deliverer runs wherever the server does).
  const configured: string[] = [...CHANNEL_NAMES.filter((c) => channelConfigured(ctx, c)), WEBHOOK_CHANNEL];
  // The channels to look at: the one asked for, narrowed to those configured (pending) or not (undeliverable).
  const channels = (query.channel ? [query.channel] : [...CHANNEL_NAMES, WEBHOOK_CHANNEL]).filter((c) =>
    status === "undeliverable" ? !configured.includes(c) : status === "pending" ? configured.includes(c) : true,
  );
  const scope = ctx.principal ? listScope(ctx.principal) : ({ all: true } as const);
  // Within a scope: the messages to the chats of its wards' people and summary chats.
  const addresses = scope.all ? undefined : await addressesOfWards(ctx, await wardIdsInScope(ctx.db, scope));
  const where = {
    status: status === "undeliverable" ? "pending" : status,
    channel: { in: channels },
    ...(addresses ? { address: { in: addresses } } : {}),
    ...instantAfter(query.cursor, "createdAt", "desc"),
  };
  const found = await ctx.db.outboxMessage.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const page = pageOf(found, query.limit, instantKey("createdAt"));
  const rows = page.items;
  const identities = await ctx.db.channelIdentity.findMany({
    where: { address: { in: [...new Set(rows.map((r) => r.address))] } },
    include: { member: { select: { id: true, name: true, wardId: true } } },
  });
  const byAddress = new Map(identities.map((i) => [i.address, i]));
  return { ...page, items: rows.map((r) => {
    const identity = byAddress.get(r.address);
    const { channel, chatId } = parseAddress(r.address);
    return {
      id: r.id,
      channel,
      chatId,
      status: status === "undeliverable" ? status : (r.status as DeliveryStatus),
      attempts: r.attempts,
      lastError: status === "undeliverable" ? notConfiguredReason(channel) : r.lastError,
      reasonText: reasonOf(status === "undeliverable" ? notConfiguredReason(channel) : r.lastError, channel),
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
      member: identity
        ? { id: identity.member.id, name: identity.member.name, wardId: identity.member.wardId, unreachable: identity.unreachableAt !== null }
        : null,
    };
  }) };
}

export async function addressesOfWards(ctx: ServiceContext, wardIds: string[]) {
  const [people, chats, hooks] = await Promise.all([
    ctx.db.channelIdentity.findMany({ where: { member: { wardId: { in: wardIds } } }, select: { address: true } }),
    ctx.db.destination.findMany({ where: { wardId: { in: wardIds } }, select: { channel: true, chatId: true } }),
    ctx.db.webhook.findMany({ where: { wardId: { in: wardIds } }, select: { id: true } }),
  ]);
  return [...people.map((p) => p.address), ...chats.map((d) => `${d.channel}:${d.chatId}`), ...hooks.map((h) => webhookAddress(h.id))];
}
