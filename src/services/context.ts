import type { ChannelHealthSnapshot } from "./outbox.js";
import type { ZaloOaRoots } from "../channels/zalo-oa/client.js";
import type { Database } from "../db/types.js";
import type { Logger } from "../core/logger.js";
import { CHANNEL_NAMES, type ChannelName } from "../channels/registry.js";
import type { Principal } from "../core/access.js";

/** What every use-case gets: the database, the clock and who is acting (for the audit log). */
export interface ServiceContext {
  db: Database;
  now: () => Date;
  log: Logger;
  /** e.g. "admin:3f2a9c1e" (the owner), "token:<id>", "member:<id>"; never a secret. */
  actor: string;
  /**
   * Who acts through the admin API: lists are cut to their scope. Absent for the scheduler,
   * chats and scripts, which act on every ward.
   */
  principal?: Principal;
  defaultTimezone: string;
  /** Known when a Telegram bot is configured: makes invitation deep links. */
  telegramBotUsername?: string;
  /** Present when the Zalo channel is configured (its token accepted): invitations say how to pair there. */
  zaloBot?: { accountName?: string };
  /** Where the public reaches this server (PUBLIC_URL), for links in messages; none without it. */
  publicUrl?: string;
  /** LINK_SIGNING_KEY when configured; otherwise the key is generated and kept in the database. */
  linkSigningKey?: string;
  /** Wakes the delivery loop after a commit that queued messages in the outbox. */
  delivery?: { wake(): void };
  /**
   * The channels this server can send on (a token configured, a sender built). Unset where no
   * channel is ever sent on (scripts): every channel is then taken as configured.
   */
  channels?: readonly ChannelName[];
  /** Where the Zalo OA API and its token endpoint are (ZALO_OA_API_ROOT, ZALO_OA_OAUTH_ROOT). */
  zaloOa?: ZaloOaRoots;
  /** WEBHOOKS_ALLOW_PRIVATE: webhooks may target private and loopback addresses (tests, a LAN receiver). */
  webhooksAllowPrivate?: boolean;
  /** How the server-wide channels receive updates, and how their sending goes (channel status). */
  channelRuntime?: ChannelRuntime;
}

/** What only the running process knows about its channels (GET /api/v1/wards/{wardId}/channels). */
export interface ChannelRuntime {
  /** How each connected server-wide channel gets its updates. */
  modes?: Partial<Record<ChannelName, "webhook" | "polling">>;
  /** The deliverer's view of each channel: down (paused) or not, its last failure. */
  health?(): Partial<Record<ChannelName, ChannelHealthSnapshot>>;
}

/** Whether messages to this channel can go out from this server. */
export const channelConfigured = (ctx: Pick<ServiceContext, "channels">, channel: ChannelName) =>
  (ctx.channels ?? CHANNEL_NAMES).includes(channel);

type Tx = Parameters<Parameters<Database["$transaction"]>[0]>[0];
export type DbOrTx = Database | Tx;

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string;
  wardId?: string | null;
  details?: unknown;
  /** The changed values before and after (see `changes`), read back by GET /api/v1/audit. */
  change?: { before: Record<string, unknown>; after: Record<string, unknown> };
}

/**
 * The fields of `after` whose values differ from `before`, each side with only those fields:
 * what an admin reading the audit wants to see, without the fields left as they were.
 */
export function changes<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const norm = (v: unknown) => JSON.stringify(v instanceof Date ? v.toISOString() : (v ?? null));
  const keys = Object.keys(after).filter((k) => after[k] !== undefined && norm(before[k]) !== norm(after[k]));
  const pick = (source: Record<string, unknown>) =>
    Object.fromEntries(keys.map((k) => [k, source[k] instanceof Date ? (source[k] as Date).toISOString() : (source[k] ?? null)]));
  return { before: pick(before), after: pick(after as Record<string, unknown>) };
}

/** The audit row of a change, for a batch: `db.auditLog.create({ data: auditRow(ctx, entry) })`. */
export function auditRow(ctx: ServiceContext, entry: AuditEntry) {
  const details =
    entry.change === undefined
      ? entry.details
      : { ...(entry.details && typeof entry.details === "object" ? entry.details : entry.details === undefined ? {} : { details: entry.details }), ...entry.change };
  return {
    actor: ctx.actor,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    wardId: entry.wardId ?? null,
    details: details === undefined ? undefined : (details as object),
    at: ctx.now(),
  };
}

/**
 * Records an admin change at once, on its own. A change and its audit row belong in one batch:
 * prefer `auditWrite` in the change's batch (src/db/guard.ts), so both land or neither.
 */
export async function audit(ctx: ServiceContext, db: DbOrTx, entry: AuditEntry): Promise<void> {
  await auditWrite(ctx, db, entry);
}

/** The audit row as one write of a batch (`db.$transaction([...])`), committed with the change. */
export function auditWrite(ctx: ServiceContext, db: DbOrTx, entry: AuditEntry) {
  return db.auditLog.create({ data: auditRow(ctx, entry) });
}
