import type { ServiceContext } from "./context.js";
import { pruneSessions } from "./simulator/sessions.js";

/**
 * How long the bookkeeping rows are kept, and the prune that removes older ones so the database
 * stays bounded (test/bench/retention.ts: a year of a 30-group ward). Reports, cycles, people,
 * summaries and the audit log are the ward's records and are never pruned. Each period is longer
 * than what the row protects:
 */
const DAY_MS = 24 * 3600_000;
export const RETENTION = {
  /** Processed update ids: they stop a redelivered update from being handled twice. Telegram
   * retries a webhook for at most a day and keeps getUpdates for 24 h; Zalo retries less. */
  processedUpdateDays: 7,
  /** Sent messages: admins look back at what went out (GET /deliveries?status=sent) for a quarter. */
  sentMessageDays: 90,
  /** Failed and dead messages: what admins must act on; kept twice as long. */
  failedMessageDays: 180,
  /** Job runs: a row is the exactly-once guard of a scheduled run, which the scheduler looks back
   * for at most 14 days (MAX_LOOKBACK); kept over a year as the history of what ran. */
  jobRunDays: 400,
  /** Scheduled runs given up after their retries: shown by /metrics until then. */
  givenUpRetryDays: 90,
  /** Rate-limit windows last 15 minutes at most; a day covers any of them. */
  rateLimitDays: 1,
  /** Idempotency keys promise a replay for 24 hours (src/server/idempotency.ts). */
  idempotencyKeyDays: 1,
  /** Invitation codes used, revoked or expired: a month to answer "why does my code not work". */
  inviteCodeDays: 30,
  /** Chat simulator sessions, with their preview cycle, reports and messages: a day (an admin's trial). */
  simulatorSessionDays: 1,
} as const;

/** Rows deleted per statement: small enough for D1's limits and to never hold the writer long. */
export const PRUNE_BATCH = 500;
/** Batches per table per run: a backlog is worked off over several runs rather than in one. */
const MAX_BATCHES = 20;
/** How often the scheduler tick prunes. */
export const PRUNE_EVERY_MS = 3600_000;
const STATE_ID = "retention";

/** One table's old rows, as a `LIMIT`-ed delete by rowid (one bound parameter per cutoff). */
interface Rule {
  table: string;
  /** SQL condition on the row; `?` are the cutoffs, in order. */
  where: string;
  cutoffs: (now: Date) => Date[];
}

const before = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);
const R = RETENTION;
const RULES: Rule[] = [
  { table: "ProcessedUpdate", where: `"processedAt" < ?`, cutoffs: (n) => [before(n, R.processedUpdateDays)] },
  { table: "OutboxMessage", where: `"status" = 'sent' AND "sentAt" < ?`, cutoffs: (n) => [before(n, R.sentMessageDays)] },
  { table: "OutboxMessage", where: `"status" IN ('failed', 'dead') AND "createdAt" < ?`, cutoffs: (n) => [before(n, R.failedMessageDays)] },
  { table: "JobRun", where: `"ranAt" < ?`, cutoffs: (n) => [before(n, R.jobRunDays)] },
  { table: "JobRetry", where: `"givenUpAt" IS NOT NULL AND "givenUpAt" < ?`, cutoffs: (n) => [before(n, R.givenUpRetryDays)] },
  { table: "RateLimit", where: `"windowStart" < ?`, cutoffs: (n) => [before(n, R.rateLimitDays)] },
  { table: "IdempotencyKey", where: `"createdAt" < ?`, cutoffs: (n) => [before(n, R.idempotencyKeyDays)] },
  {
    table: "InviteCode",
    where: `("usedAt" < ? OR "revokedAt" < ? OR "expiresAt" < ?)`,
    cutoffs: (n) => [before(n, R.inviteCodeDays), before(n, R.inviteCodeDays), before(n, R.inviteCodeDays)],
  },
];

/** Deletes what is past its period, in bounded batches; returns the rows deleted per table. */
export async function prune(ctx: Pick<ServiceContext, "db">, now: Date): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const rule of RULES) {
    const sql = `DELETE FROM "${rule.table}" WHERE rowid IN (SELECT rowid FROM "${rule.table}" WHERE ${rule.where} LIMIT ${PRUNE_BATCH})`;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const n = await ctx.db.$executeRawUnsafe(sql, ...rule.cutoffs(now));
      deleted[rule.table] = (deleted[rule.table] ?? 0) + n;
      if (n < PRUNE_BATCH) break;
    }
  }
  // A simulator session is several rows in several tables (its preview cycle among them): forgotten whole.
  deleted.SimulatorSession = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const n = await pruneSessions(ctx.db, before(now, R.simulatorSessionDays));
    deleted.SimulatorSession += n;
    if (!n) break;
  }
  return deleted;
}

/**
 * Prunes once an hour, called by the scheduler tick. Failures are logged and leave the mark, so
 * the next tick tries again; they never fail the tick.
 */
export async function pruneIfDue(ctx: ServiceContext, now: Date): Promise<void> {
  try {
    const state = await ctx.db.schedulerState.findUnique({ where: { id: STATE_ID } });
    if (state && now.getTime() - state.lastTickAt.getTime() < PRUNE_EVERY_MS) return;
    const deleted = await prune(ctx, now);
    await ctx.db.schedulerState.upsert({ where: { id: STATE_ID }, create: { id: STATE_ID, lastTickAt: now }, update: { lastTickAt: now } });
    if (Object.values(deleted).some((n) => n > 0)) ctx.log.info("retention: pruned old rows", deleted);
  } catch (error) {
    ctx.log.error("retention: prune failed", { error });
  }
}
