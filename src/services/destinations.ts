import { AppError, invalidFields, notFound } from "../core/errors.js";
import { channelLabel, type ChannelName } from "../channels/registry.js";
import { cleanName } from "../core/names.js";
import { pageOf, type PageRequest } from "../core/pagination.js";
import { commitBatch } from "./batch.js";
import { createdAfter, createdKey } from "./paging.js";
import type { Destination } from "../db/generated/prisma/client.js";
import { isUniqueViolation } from "../db/errors.js";
import { uuidv7 } from "../db/ids.js";
import { audit, auditRow, auditWrite, changes, channelConfigured, type ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";
import { changedOrFail } from "../db/guard.js";

export interface DestinationInput {
  channel: ChannelName;
  chatId: string;
  purpose: "summary";
  title?: string;
}

export const toDestinationDto = (d: Destination) => ({
  id: d.id,
  wardId: d.wardId,
  channel: d.channel,
  chatId: d.chatId,
  purpose: d.purpose,
  title: d.title,
  createdAt: d.createdAt.toISOString(),
});

const alreadyDestination = (channel: string) => `Nhóm chat ${channelLabel(channel)} này đã là nơi nhận bản tổng hợp của phường/xã.`;

/**
 * Refuses a chat on a channel this server does not send on: what is queued there would wait
 * unseen. (Shared with the destination's update.)
 */
export function requireConfiguredChannel(ctx: ServiceContext, channel: ChannelName, field = "channel") {
  if (!channelConfigured(ctx, channel))
    throw invalidFields([{ field, code: "channel_not_configured", message: `Máy chủ chưa kết nối kênh ${channelLabel(channel)}, nên tin gửi vào đó sẽ không đi được: xin chọn kênh khác, hoặc nhờ người quản trị máy chủ kết nối kênh này.` }]);
}

/** A chat where the ward's summaries are posted: a Telegram group or channel, a Zalo group. */
export async function addDestination(ctx: ServiceContext, wardId: string, input: DestinationInput) {
  requireConfiguredChannel(ctx, input.channel);
  await requireWard(ctx.db, wardId);
  const key = { wardId, channel: input.channel, chatId: input.chatId.trim(), purpose: input.purpose };
  const taken = () => new AppError("conflict", alreadyDestination(input.channel));
  if (await ctx.db.destination.findFirst({ where: key })) throw taken();
  // One batch; the unique key (ward, channel, chat, purpose) refuses the same chat added meanwhile.
  const id = uuidv7();
  try {
    await ctx.db.$transaction([
      ctx.db.destination.create({ data: { id, ...key, title: input.title ?? null } }),
      auditWrite(ctx, ctx.db, { action: "destination.create", entity: "destination", entityId: id, wardId, details: key }),
    ]);
    return toDestinationDto(await ctx.db.destination.findUniqueOrThrow({ where: { id } }));
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

/** The ward's destinations in the order they were added; keyset pages on (createdAt, id). */
export async function listDestinations(ctx: ServiceContext, wardId: string, query: PageRequest = { limit: 1000 }) {
  await requireWard(ctx.db, wardId);
  const rows = await ctx.db.destination.findMany({
    where: { wardId, ...createdAfter(query.cursor) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: query.limit + 1,
  });
  const page = pageOf(rows, query.limit, createdKey);
  return { ...page, items: page.items.map(toDestinationDto) };
}

async function requireDestination(ctx: ServiceContext, destinationId: string) {
  const d = await ctx.db.destination.findUnique({ where: { id: destinationId } });
  if (!d) throw notFound("destination", destinationId);
  return d;
}

/**
 * Changes a destination's chat id or title (its channel and purpose stay: add another
 * destination for another channel). Another destination of the ward with the same chat is a
 * 409; the unique key (ward, channel, chat, purpose) guards a concurrent change.
 */
export async function updateDestination(ctx: ServiceContext, destinationId: string, patch: { chatId?: string; title?: string | null }) {
  const d = await requireDestination(ctx, destinationId);
  const chatId = patch.chatId?.trim() ?? d.chatId;
  if (chatId !== d.chatId) {
    const clash = await ctx.db.destination.findFirst({ where: { wardId: d.wardId, channel: d.channel, chatId, purpose: d.purpose } });
    if (clash) throw new AppError("conflict", alreadyDestination(d.channel), { id: clash.id });
  }
  const title = patch.title === undefined ? d.title : patch.title === null ? null : cleanName(patch.title);
  await commitBatch(
    ctx.db,
    [
      // Guarded on what was read: a change made meanwhile fails the batch (409).
      ctx.db.destination.updateMany({ where: { id: destinationId, chatId: d.chatId, title: d.title }, data: { chatId, title } }),
      changedOrFail(ctx.db),
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "destination.update", entity: "destination", entityId: d.id, wardId: d.wardId, details: { chatId, title }, change: changes(d, { chatId, title }) }) }),
    ],
    "destination",
  );
  return toDestinationDto(await ctx.db.destination.findUniqueOrThrow({ where: { id: destinationId } }));
}

/** Removes a destination: it has no history of its own (posted summaries stay in the outbox). */
export async function deleteDestination(ctx: ServiceContext, destinationId: string) {
  const d = await requireDestination(ctx, destinationId);
  await commitBatch(
    ctx.db,
    [
      ctx.db.destination.deleteMany({ where: { id: destinationId } }),
      changedOrFail(ctx.db), // removed meanwhile: 409
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "destination.delete", entity: "destination", entityId: d.id, wardId: d.wardId, details: { channel: d.channel, chatId: d.chatId }, change: { before: { channel: d.channel, chatId: d.chatId, title: d.title }, after: {} } }) }),
    ],
    "destination",
  );
}
