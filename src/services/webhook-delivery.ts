import { isLocalName, isPrivateAddress, openSecret, SIGNATURE_HEADER, signatureHeader } from "../core/webhook.js";
import type { Logger } from "../core/logger.js";
import { jsonColumn } from "../db/sql.js";
import type { Database } from "../db/types.js";
import { backoffMs, DELIVERY, type Deliverer } from "./outbox.js";
import { linkSigningKey } from "./signed-links.js";
import { refusedTarget, WEBHOOK_CHANNEL } from "./webhooks.js";

/**
 * Sends the queued webhook events (outbox rows on the "webhook" channel): each signed with its
 * webhook's secret at the moment it goes (so a retry carries a fresh timestamp), retried with
 * the outbox's backoff on a network error or any answer but 2xx, and dead after
 * DELIVERY.maxAttempts. A target whose name resolves to a private address at send time is
 * refused for good ("failed"), unless private targets are allowed. Rows show in GET /deliveries.
 */

export const WEBHOOK_TIMEOUT_MS = 10_000;

interface Row {
  id: string;
  address: string;
  attempts: number | bigint;
}

export interface WebhookDelivererOptions {
  db: Database;
  log: Logger;
  /** LINK_SIGNING_KEY when configured (the secrets are sealed under a key derived from it). */
  linkSigningKey?: string;
  allowPrivate: boolean;
  now?: () => Date;
  random?: () => number;
  fetch?: typeof fetch;
  /** The addresses a host name resolves to (Node: dns.lookup); none given: names are not resolved. */
  resolve?: (host: string) => Promise<string[]>;
}

class Refused extends Error {}

export function createWebhookDeliverer(options: WebhookDelivererOptions): Deliverer {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const send = options.fetch ?? fetch;

  async function checkTarget(url: URL) {
    const refused = refusedTarget(url, options.allowPrivate);
    if (refused) throw new Refused(refused);
    if (options.allowPrivate || isPrivateAddress(url.hostname) || !options.resolve) return;
    // A public-looking name that points inside (DNS set to 127.0.0.1, or changed since it was registered).
    const addresses = await options.resolve(url.hostname.replace(/^\[|\]$/g, ""));
    if (addresses.some((a) => isPrivateAddress(a)) || isLocalName(url.hostname))
      throw new Refused("Địa chỉ webhook trỏ tới một địa chỉ nội bộ: chỉ địa chỉ công khai mới nhận được webhook.");
  }

  async function deliverOne(row: Row, payload: unknown): Promise<boolean> {
    const webhookId = row.address.slice(WEBHOOK_CHANNEL.length + 1);
    const at = now();
    const attempts = Number(row.attempts) + 1;
    const hook = await db.webhook.findUnique({ where: { id: webhookId } });
    if (!hook) {
      await db.outboxMessage.update({ where: { id: row.id }, data: { status: "failed", lastError: "the webhook was removed" } });
      return false;
    }
    let reason: string;
    try {
      const url = new URL(hook.url);
      await checkTarget(url);
      const body = JSON.stringify(jsonColumn(payload));
      const event = jsonColumn<{ type?: string; id?: string }>(payload);
      const secret = await openSecret(await linkSigningKey({ db, linkSigningKey: options.linkSigningKey }), hook.secretSealed);
      const res = await send(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "wardbot-webhooks/1",
          [SIGNATURE_HEADER]: await signatureHeader(secret, body, now()),
          "X-Wardbot-Event": event.type ?? "",
          "X-Wardbot-Event-Id": event.id ?? "",
        },
        body,
        // A redirect could lead anywhere, inside the network too: not followed.
        redirect: "manual",
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        await db.outboxMessage.update({ where: { id: row.id }, data: { status: "sent", sentAt: now(), lastError: null } });
        return true;
      }
      reason = `the receiver answered HTTP ${res.status}`;
    } catch (error) {
      if (error instanceof Refused) {
        await db.outboxMessage.update({ where: { id: row.id }, data: { status: "failed", lastError: error.message } });
        log.warn("webhook target refused", { webhookId, reason: error.message });
        return false;
      }
      reason = error instanceof Error && error.name === "TimeoutError" ? "no answer in time" : `could not reach the receiver (${(error as Error)?.name ?? "error"})`;
    }
    if (attempts >= DELIVERY.maxAttempts) {
      await db.outboxMessage.update({ where: { id: row.id }, data: { status: "dead", lastError: reason } });
      log.error("webhook delivery gave up after retries", { webhookId, attempts, reason });
    } else {
      await db.outboxMessage.update({
        where: { id: row.id },
        data: { status: "pending", lastError: reason, nextAttemptAt: new Date(at.getTime() + backoffMs(attempts, random)) },
      });
    }
    return false;
  }

  async function deliverDue(): Promise<number> {
    const at = now();
    // Rows left "sending" by a process that died go again (at least once).
    await db.outboxMessage.updateMany({
      where: { channel: WEBHOOK_CHANNEL, status: "sending", nextAttemptAt: { lt: new Date(at.getTime() - DELIVERY.staleSendingMs) } },
      data: { status: "pending" },
    });
    const due = await db.$queryRaw<Row[]>`
      SELECT "id", "address", "attempts" FROM "OutboxMessage"
      WHERE "status" = 'pending' AND "channel" = ${WEBHOOK_CHANNEL} AND "nextAttemptAt" <= ${at}
      ORDER BY "createdAt", "id" LIMIT ${DELIVERY.batch}`;
    let sent = 0;
    for (const row of due) {
      // One statement: of two deliverers only one claims the row.
      const [claimed] = await db.$queryRaw<{ payload: unknown }[]>`
        UPDATE "OutboxMessage" SET "status" = 'sending', "attempts" = "attempts" + 1, "nextAttemptAt" = ${now()}
        WHERE "id" = ${row.id} AND "status" = 'pending' RETURNING "payload"`;
      if (!claimed) continue;
      if (await deliverOne(row, claimed.payload)) sent++;
    }
    return sent;
  }

  return { deliverDue };
}

/** Node's resolver for the send-time check (the runtime passes it; Workers have no DNS lookup). */
export async function nodeResolve(host: string): Promise<string[]> {
  const { lookup } = await import("node:dns/promises");
  return (await lookup(host, { all: true })).map((a) => a.address);
}
