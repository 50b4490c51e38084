import { AppError } from "../core/errors.js";
import type { Destination } from "../db/generated/prisma/client.js";
import { audit, type ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";

export interface DestinationInput {
  channel: "telegram" | "zalo";
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

/** A chat where the ward's summaries are posted: a Telegram group or channel, a Zalo group. */
export async function addDestination(ctx: ServiceContext, wardId: string, input: DestinationInput) {
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
