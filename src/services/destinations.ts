import { AppError, invalidFields } from "../core/errors.js";
import type { ChannelName } from "../channels/registry.js";
import type { Destination } from "../db/generated/prisma/client.js";
import { audit, channelConfigured, type ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";

export interface DestinationInput {
  channel: ChannelName;
  chatId: string;
  purpose: "summary";
  title?: string;
}

const toDestinationDto = (d: Destination) => ({
  id: d.id,
  wardId: d.wardId,
  channel: d.channel,
  chatId: d.chatId,
  purpose: d.purpose,
  title: d.title,
  createdAt: d.createdAt.toISOString(),
});

/**
 * Refuses a chat on a channel this server does not send on: what is queued there would wait
 * unseen. (Shared with the destination's update.)
 */
export function requireConfiguredChannel(ctx: ServiceContext, channel: ChannelName, field = "channel") {
  if (!channelConfigured(ctx, channel))
    throw invalidFields([{ field, message: `${channel} is not configured on this server, so nothing could be delivered there; configure the channel first` }]);
}

/** A chat where the ward's summaries are posted: a Telegram group or channel, a Zalo group. */
export async function addDestination(ctx: ServiceContext, wardId: string, input: DestinationInput) {
  requireConfiguredChannel(ctx, input.channel);
  return ctx.db.$transaction(async (tx) => {
    await requireWard(tx, wardId);
    const key = { wardId, channel: input.channel, chatId: input.chatId.trim(), purpose: input.purpose };
    if (await tx.destination.findFirst({ where: key }))
      throw new AppError("conflict", `this ${input.channel} chat is already a ${input.purpose} destination of the ward`);
    const d = await tx.destination.create({ data: { ...key, title: input.title ?? null } });
    await audit(ctx, tx, { action: "destination.create", entity: "destination", entityId: d.id, wardId, details: key });
    return toDestinationDto(d);
  });
}

export async function listDestinations(ctx: ServiceContext, wardId: string) {
  await requireWard(ctx.db, wardId);
  const rows = await ctx.db.destination.findMany({ where: { wardId }, orderBy: { createdAt: "asc" } });
  return rows.map(toDestinationDto);
}
