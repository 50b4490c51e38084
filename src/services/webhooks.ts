import { invalidFields, notFound } from "../core/errors.js";
import { isLocalName, isPrivateAddress, newWebhookSecret, sealSecret, type WebhookEvent, type WebhookEventType } from "../core/webhook.js";
import type { Webhook } from "../db/generated/prisma/client.js";
import { uuidv7 } from "../db/ids.js";
import { commitBatch } from "./batch.js";
import { auditRow, type DbOrTx, type ServiceContext } from "./context.js";
import { linkSigningKey } from "./signed-links.js";
import { requireWard } from "./wards.js";
import { changedOrFail } from "../db/guard.js";

/**
 * A ward's outbound webhooks: registered by an admin, each event queued in the outbox (address
 * "webhook:<id>", channel "webhook") in the same batch or transaction as the change behind it,
 * and sent signed by the webhook deliverer (webhook-delivery.ts).
 */

export const WEBHOOK_CHANNEL = "webhook";
export const webhookAddress = (webhookId: string) => `${WEBHOOK_CHANNEL}:${webhookId}`;

export const toWebhookDto = (w: Webhook) => ({ id: w.id, wardId: w.wardId, url: w.url, createdBy: w.createdBy, createdAt: w.createdAt.toISOString() });

/**
 * Why a URL may not be a target, or undefined when it may. HTTPS only; a private, loopback or
 * link-local address (or a local name) only when the server allows private targets
 * (WEBHOOKS_ALLOW_PRIVATE), and then plain HTTP too, for a receiver on the same network. Names
 * are resolved and checked again at each send (webhook-delivery.ts).
 */
export function refusedTarget(url: URL, allowPrivate: boolean): string | undefined {
  const host = url.hostname;
  const local = isPrivateAddress(host) || isLocalName(host);
  if (local && !allowPrivate) return "Địa chỉ webhook là địa chỉ nội bộ: chỉ địa chỉ HTTPS công khai mới nhận được webhook.";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local && allowPrivate)) return "Địa chỉ webhook phải bắt đầu bằng https://.";
  if (url.username || url.password) return "Địa chỉ webhook không được chứa tên đăng nhập hay mật khẩu.";
  return undefined;
}

export async function createWebhook(ctx: ServiceContext, wardId: string, input: { url: string }) {
  await requireWard(ctx.db, wardId);
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw invalidFields([{ field: "url", code: "invalid_format", message: "Địa chỉ webhook chưa đúng: cần một địa chỉ như https://vi-du.vn/nhan-tin." }]);
  }
  const refused = refusedTarget(url, !!ctx.webhooksAllowPrivate);
  if (refused) throw invalidFields([{ field: "url", code: "invalid_value", message: refused }]);
  const secret = newWebhookSecret();
  const id = uuidv7();
  const now = ctx.now();
  const secretSealed = await sealSecret(await linkSigningKey(ctx), secret);
  await commitBatch(
    ctx.db,
    [
      ctx.db.webhook.create({ data: { id, wardId, url: url.toString(), secretSealed, createdBy: ctx.actor, createdAt: now } }),
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "webhook.create", entity: "webhook", entityId: id, wardId, change: { before: {}, after: { url: url.toString() } } }) }),
    ],
    "webhook",
  );
  return { ...toWebhookDto(await ctx.db.webhook.findUniqueOrThrow({ where: { id } })), secret };
}

export async function listWebhooks(ctx: ServiceContext, wardId: string) {
  await requireWard(ctx.db, wardId);
  return (await ctx.db.webhook.findMany({ where: { wardId }, orderBy: { createdAt: "asc" } })).map(toWebhookDto);
}

/** Removes a webhook at once: its queued events are not sent (they end as failed). */
export async function deleteWebhook(ctx: ServiceContext, webhookId: string) {
  const hook = await ctx.db.webhook.findUnique({ where: { id: webhookId } });
  if (!hook) throw notFound("webhook", webhookId);
  await commitBatch(
    ctx.db,
    [
      ctx.db.webhook.deleteMany({ where: { id: webhookId } }),
      changedOrFail(ctx.db), // removed meanwhile: 409
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "webhook.delete", entity: "webhook", entityId: webhookId, wardId: hook.wardId, change: { before: { url: hook.url }, after: {} } }) }),
    ],
    "webhook",
  );
  return toWebhookDto(hook);
}

/**
 * A report event's data: ids, the group and its figures. Not who sent it: names and phone
 * numbers are personal data and stay on this server.
 */
export function reportEventData(r: {
  id: string; cycleId: string; cycleLabel: string; groupId: string; groupName: string; version: number; late: boolean; via: string; answers: unknown; submittedAt: Date;
}) {
  return {
    reportId: r.id, cycleId: r.cycleId, cycleLabel: r.cycleLabel, groupId: r.groupId, groupName: r.groupName,
    version: r.version, late: r.late, via: r.via, submittedAt: r.submittedAt.toISOString(), answers: r.answers,
  };
}

/** The ids of a ward's webhooks, read before a batch that queues its events. */
export async function webhooksOf(db: DbOrTx, wardId: string): Promise<string[]> {
  return (await db.webhook.findMany({ where: { wardId }, select: { id: true } })).map((w) => w.id);
}

/** One event, as every webhook of its ward receives it. */
export function webhookEvent(wardId: string, type: WebhookEventType, data: Record<string, unknown>, at: Date): WebhookEvent {
  return { id: uuidv7(), type, occurredAt: at.toISOString(), wardId, data };
}

/**
 * The write that queues an event for each of the ward's webhooks (read with webhooksOf), for a
 * batch, or undefined when the ward has none.
 */
export function queueWebhookEvent(db: DbOrTx, webhookIds: string[], event: WebhookEvent) {
  if (!webhookIds.length) return undefined;
  const at = new Date(event.occurredAt);
  return db.outboxMessage.createMany({
    data: webhookIds.map((id) => ({
      address: webhookAddress(id),
      channel: WEBHOOK_CHANNEL,
      payload: event as object,
      dedupeKey: `webhook:${id}:${event.id}`,
      createdAt: at,
      nextAttemptAt: at,
    })),
  });
}

/** Inside an interactive transaction (a chat turn, the scheduler's close): read and queue together. */
export async function emitWebhookEvent(db: DbOrTx, wardId: string, type: WebhookEventType, data: Record<string, unknown>, at: Date) {
  await queueWebhookEvent(db, await webhooksOf(db, wardId), webhookEvent(wardId, type, data, at));
}
