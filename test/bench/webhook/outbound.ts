/**
 * The outbound side: replies leave through the server's durable outbox, paced (src/core/send-pacing.ts).
 * Here: waiting until the fake Bot API has received every expected message, measuring the pacing
 * from its receive timestamps, and reading the outbox table itself.
 */
import type { Database } from "../../../src/db/types.js";
import { DRAIN_SLACK_MS, JITTER_MS, PACING, SETTLE_MS } from "./config.js";
import type { FakeBotApi, ReceivedMessage } from "./fake-bot-api.js";
import { percentile, sleep } from "./load.js";

/** No arrival for this long during the drain: look whether the outbox still holds anything. */
const STALL_MS = 5_000;

export interface DrainResult {
  expected: number;
  /** Received when the waiting started (right after the measured run). */
  atStart: number;
  boundMs: number;
  reached: boolean;
  /** performance.now() when the expected-th message arrived (NaN if it did not). */
  completedAt: number;
  /** Messages beyond the expected count, seen up to SETTLE_MS after completion (duplicates). */
  extras: number;
  /** Gave up early: nothing arrived for a while and the outbox had nothing pending or sending. */
  outboxEmpty: boolean;
}

/**
 * Polls the fake Bot API (in this process) until `expected` messages arrived, or the bound passes,
 * or nothing arrived for STALL_MS and `outboxIdle` (a look at the table) says nothing is left.
 */
export async function waitForOutbox(api: FakeBotApi, expected: number, outboxIdle: () => Promise<boolean>): Promise<DrainResult> {
  const atStart = api.sendMessageCalls();
  const boundMs = (Math.max(0, expected - atStart) / PACING.perSecond) * 1000 + DRAIN_SLACK_MS;
  const started = performance.now();
  let lastProgress = started;
  let lastCount = atStart;
  let lastChange = started;
  let outboxEmpty = false;
  while (api.sendMessageCalls() < expected && performance.now() - started < boundMs) {
    await sleep(100);
    if (api.sendMessageCalls() !== lastCount) [lastCount, lastChange] = [api.sendMessageCalls(), performance.now()];
    else if (performance.now() - lastChange >= STALL_MS) {
      if ((outboxEmpty = await outboxIdle())) break;
      lastChange = performance.now();
    }
    if (performance.now() - lastProgress >= 15_000) {
      lastProgress = performance.now();
      process.stderr.write(`  outbox drain: ${api.sendMessageCalls()}/${expected} messages after ${((lastProgress - started) / 1000).toFixed(0)} s\n`);
    }
  }
  const reached = api.sendMessageCalls() >= expected;
  const completedAt = reached ? api.received[expected - 1]!.at : NaN;
  if (reached) await sleep(SETTLE_MS);
  return { expected, atStart, boundMs, reached, completedAt, extras: Math.max(0, api.sendMessageCalls() - expected), outboxEmpty };
}

/** The most timestamps (sorted) falling in any window [t, t + windowMs). */
export function maxInWindow(sorted: number[], windowMs: number): { count: number; at: number } {
  let best = { count: 0, at: NaN };
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    if (j - i + 1 > best.count) best = { count: j - i + 1, at: sorted[i]! };
  }
  return best;
}

/**
 * Stretches where 1-s windows hold more than `limit` timestamps: consecutive window starts over
 * the limit form one episode, reported by its busiest window.
 */
function episodesOver(sorted: number[], limit: number): { at: number; count: number }[] {
  const episodes: { at: number; count: number }[] = [];
  let current: { at: number; count: number } | undefined;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! - sorted[i]! < 1000) j++;
    const count = j - i;
    if (count > limit) {
      if (!current) episodes.push((current = { at: sorted[i]!, count }));
      else if (count > current.count) [current.at, current.count] = [sorted[i]!, count];
    } else current = undefined;
  }
  return episodes;
}

export interface PacingFigures {
  total: number;
  beforeLoad: number;
  duringLoad: number;
  afterLoad: number;
  /** First to last send, over the whole run: messages/s. */
  overallRate: number;
  /** From the end of the load to the last expected message. */
  drainMs: number;
  drainRate: number;
  /** Busiest sliding 1-s window, and the same with the window shortened by JITTER_MS. */
  maxIn1s: number;
  maxIn1sAtMs: number; // relative to the end of the load
  maxInJitteredWindow: number;
  /** Episodes of more than PACING.perSecond sends within 1 s (at: relative to the end of the load). */
  overLimit: { at: number; count: number }[];
  /** Full 1-s buckets from the end of the load to completion. */
  buckets: { n: number; min: number; median: number; max: number; over: number };
  /** Per chat, consecutive messages. */
  gaps: number;
  minGapMs: number;
  minGapChat: string;
  gapsUnder1s: number;
  gapsUnderTolerance: number;
}

export function analysePacing(received: ReceivedMessage[], loadStart: number, loadEnd: number, completedAt: number): PacingFigures {
  const times = received.map((m) => m.at).sort((a, b) => a - b);
  const total = times.length;
  const beforeLoad = times.filter((t) => t < loadStart).length;
  const duringLoad = times.filter((t) => t >= loadStart && t <= loadEnd).length;
  const afterLoad = total - beforeLoad - duringLoad;
  const end = Number.isNaN(completedAt) ? (times.at(-1) ?? loadEnd) : completedAt;
  const drainMs = Math.max(0, end - loadEnd);
  const afterLoadUntilEnd = times.filter((t) => t > loadEnd && t <= end).length;

  const window = maxInWindow(times, 1000);
  const bucketCounts: number[] = [];
  for (let from = loadEnd; from + 1000 <= end; from += 1000) bucketCounts.push(times.filter((t) => t >= from && t < from + 1000).length);
  const sortedBuckets = [...bucketCounts].sort((a, b) => a - b);

  const byChat = new Map<string, number[]>();
  for (const m of received) {
    const list = byChat.get(m.chat) ?? [];
    list.push(m.at);
    byChat.set(m.chat, list);
  }
  let gaps = 0;
  let minGapMs = Infinity;
  let minGapChat = "";
  let gapsUnder1s = 0;
  let gapsUnderTolerance = 0;
  for (const [chat, list] of byChat) {
    list.sort((a, b) => a - b);
    for (let k = 1; k < list.length; k++) {
      const gap = list[k]! - list[k - 1]!;
      gaps++;
      if (gap < minGapMs) [minGapMs, minGapChat] = [gap, chat];
      if (gap < PACING.privateGapMs) gapsUnder1s++;
      if (gap < PACING.privateGapMs - JITTER_MS) gapsUnderTolerance++;
    }
  }
  return {
    total,
    beforeLoad,
    duringLoad,
    afterLoad,
    overallRate: total > 1 ? (total - 1) / ((times.at(-1)! - times[0]!) / 1000) : NaN,
    drainMs,
    drainRate: drainMs > 0 ? afterLoadUntilEnd / (drainMs / 1000) : NaN,
    maxIn1s: window.count,
    maxIn1sAtMs: window.at - loadEnd,
    maxInJitteredWindow: maxInWindow(times, 1000 - JITTER_MS).count,
    overLimit: episodesOver(times, PACING.perSecond).map((e) => ({ at: e.at - loadEnd, count: e.count })),
    buckets: {
      n: sortedBuckets.length,
      min: sortedBuckets[0] ?? NaN,
      median: percentile(sortedBuckets, 50),
      max: sortedBuckets.at(-1) ?? NaN,
      over: bucketCounts.filter((n) => n > PACING.perSecond).length,
    },
    gaps,
    minGapMs,
    minGapChat,
    gapsUnder1s,
    gapsUnderTolerance,
  };
}

// ---------------------------------------------------------------------------------------------
// The outbox table, read with the bench's own Prisma client on the same database file

export async function outboxStatusCounts(db: Database): Promise<Record<string, number>> {
  const rows = await db.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } });
  const counts: Record<string, number> = { pending: 0, sending: 0, sent: 0, failed: 0, dead: 0 };
  for (const row of rows) counts[row.status] = row._count._all;
  return counts;
}

export interface OutboxDetail {
  total: number;
  retried: number;
  withError: number;
  errors: string[];
  /** Queued → marked sent, for the leaders' replies to the measured run (not the prompts). */
  replyWait: { n: number; p50: number; p95: number; max: number };
  /**
   * The pacer's own view: a sent row's nextAttemptAt is the instant the deliverer decided it
   * could go (its `at`); sentAt is after the Bot API answered. Busiest 1-s window by decision
   * time, and how long a decided message took to actually go.
   */
  maxDecisionsIn1s: number;
  decisionToSent: { p50: number; p99: number; max: number };
}

export async function outboxDetail(db: Database, leaderAddresses: Set<string>): Promise<OutboxDetail> {
  const rows = await db.outboxMessage.findMany({
    select: { address: true, dedupeKey: true, attempts: true, lastError: true, createdAt: true, sentAt: true, status: true, nextAttemptAt: true },
  });
  const waits = rows
    .filter((r) => r.status === "sent" && r.sentAt && leaderAddresses.has(r.address) && !r.dedupeKey?.startsWith("cycle-open:"))
    .map((r) => r.sentAt!.getTime() - r.createdAt.getTime())
    .sort((a, b) => a - b);
  const once = rows.filter((r) => r.status === "sent" && r.sentAt && r.attempts === 1);
  const decisions = once.map((r) => r.nextAttemptAt.getTime()).sort((a, b) => a - b);
  const lags = once.map((r) => r.sentAt!.getTime() - r.nextAttemptAt.getTime()).sort((a, b) => a - b);
  const errors = [...new Set(rows.flatMap((r) => (r.lastError ? [r.lastError.slice(0, 160)] : [])))].slice(0, 3);
  return {
    total: rows.length,
    retried: rows.filter((r) => r.attempts > 1).length,
    withError: rows.filter((r) => r.lastError).length,
    errors,
    replyWait: { n: waits.length, p50: percentile(waits, 50), p95: percentile(waits, 95), max: waits.at(-1) ?? NaN },
    maxDecisionsIn1s: maxInWindow(decisions, 1000).count,
    decisionToSent: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags.at(-1) ?? NaN },
  };
}
