import { parseAddress } from "../channels/channel.js";
import { channelLabel, isChannelName } from "../channels/registry.js";
import { AppError, notFound } from "../core/errors.js";
import { changedExactlyOrFail, changedOrFail } from "../db/guard.js";
import { commitBatch } from "./batch.js";
import { auditWrite, channelConfigured, type ServiceContext } from "./context.js";
import { addressesOfWards, reasonOf } from "./deliveries.js";
import { wardOfAddress } from "./placement.js";
import { requireWard } from "./wards.js";

/**
 * "Gửi lại": a message that did not go is put back in the queue, from its first attempt. Only
 * `failed` (refused for good) and `dead` (given up after retries) are sent again: a message
 * waiting for an unconnected channel is already queued and goes by itself once the channel is
 * connected, so retrying it would change nothing.
 */
export const RETRYABLE_STATUSES = ["failed", "dead"] as const;
type Retryable = (typeof RETRYABLE_STATUSES)[number];
const isRetryable = (status: string): status is Retryable => (RETRYABLE_STATUSES as readonly string[]).includes(status);

function notRetryable(status: string): AppError {
  if (status === "sent") return new AppError("conflict", "Tin nhắn này đã gửi được rồi, không cần gửi lại.");
  return new AppError("conflict", "Tin nhắn này đang chờ gửi (hoặc đang được gửi), không cần gửi lại.");
}

/**
 * Sends one message again: in one batch, the row back to pending with its attempts reset
 * (guarded on the state it was read in, so a concurrent retry or send makes it a 409), the
 * person's account no longer marked unreachable (the officer says to try it again; a new refusal
 * marks it again), and the audit row. The delivery loop is woken.
 */
export async function retryDelivery(ctx: ServiceContext, id: string) {
  const row = await ctx.db.outboxMessage.findUnique({ where: { id } });
  if (!row) throw notFound("delivery", id);
  const { channel } = parseAddress(row.address);
  if (row.status === "pending" && isChannelName(channel) && !channelConfigured(ctx, channel))
    throw new AppError("conflict", `Chưa kết nối kênh ${channelLabel(channel)} trên máy chủ: tin nhắn đang chờ và sẽ tự gửi khi kênh được kết nối.`);
  if (!isRetryable(row.status)) throw notRetryable(row.status);
  const wardId = await wardOfAddress(ctx.db, row.address);
  const now = ctx.now();
  await commitBatch(
    ctx.db,
    [
      ctx.db.outboxMessage.updateMany({ where: { id, status: row.status }, data: { status: "pending", attempts: 0, nextAttemptAt: now } }),
      changedOrFail(ctx.db),
      ctx.db.channelIdentity.updateMany({ where: { address: row.address, unreachableAt: { not: null } }, data: { unreachableAt: null, unreachableReason: null } }),
      auditWrite(ctx, ctx.db, { action: "delivery.retry", entity: "delivery", entityId: id, wardId, details: { channel, from: row.status, lastError: row.lastError } }),
    ],
    "delivery",
  );
  ctx.delivery?.wake();
  return { id, status: "pending" as const, previousStatus: row.status, reasonText: reasonOf(row.lastError, channel) };
}

/**
 * Sends again every message of the ward that did not go (`failed` and `dead`, or one of them;
 * on one channel if asked): one batch, each row moved only if still in that state, one audit
 * row with the count. What the platform refuses again is marked again.
 */
export async function retryWardDeliveries(ctx: ServiceContext, wardId: string, options: { status?: Retryable; channel?: string } = {}) {
  await requireWard(ctx.db, wardId);
  const addresses = await addressesOfWards(ctx, [wardId]);
  const statuses = options.status ? [options.status] : [...RETRYABLE_STATUSES];
  const where = { address: { in: addresses }, status: { in: statuses }, ...(options.channel ? { channel: options.channel } : {}) };
  const rows = await ctx.db.outboxMessage.findMany({ where, select: { id: true, address: true } });
  if (!rows.length) return { retried: 0 };
  const now = ctx.now();
  const ids = rows.map((r) => r.id);
  // Every row read must still be waiting to go again: a row sent or retried meanwhile fails the batch (409).
  await commitBatch(
    ctx.db,
    [
      ctx.db.outboxMessage.updateMany({ where: { id: { in: ids }, status: { in: statuses } }, data: { status: "pending", attempts: 0, nextAttemptAt: now } }),
      changedExactlyOrFail(ctx.db, ids.length),
      ctx.db.channelIdentity.updateMany({ where: { address: { in: [...new Set(rows.map((r) => r.address))] }, unreachableAt: { not: null } }, data: { unreachableAt: null, unreachableReason: null } }),
      auditWrite(ctx, ctx.db, { action: "delivery.retry_ward", entity: "ward", entityId: wardId, wardId, details: { count: ids.length, statuses, channel: options.channel ?? null } }),
    ],
    "delivery",
  );
  ctx.delivery?.wake();
  return { retried: ids.length };
}
