import type { InboundEvent } from "../channels/channel.js";
import { CHANNEL_NAMES, PREVIEW_CHANNELS } from "../channels/registry.js";
import type { Database } from "../db/types.js";

/**
 * What an operator watches (GET /metrics, Prometheus text format). Counters live in memory and
 * cost an increment per update (no database write per request); gauges are read at scrape time
 * with a few aggregate queries.
 */

/** Counters of this process since it started (Prometheus handles the reset at restart). */
export class Counters {
  private readonly updates = new Map<string, number>();

  /** One update from a platform, handled or failed. */
  countUpdate(channel: string, outcome: "handled" | "failed") {
    const key = `${channel}|${outcome}`;
    this.updates.set(key, (this.updates.get(key) ?? 0) + 1);
  }

  updatesByLabel(): { channel: string; outcome: string; count: number }[] {
    return [...this.updates].map(([key, count]) => {
      const [channel, outcome] = key.split("|") as [string, string];
      return { channel, outcome, count };
    });
  }
}

/** The inbound handler, counted: every update the channels hand over, by outcome. */
export function countedInbound(counters: Counters, handle: (event: InboundEvent) => Promise<void>) {
  return async (event: InboundEvent) => {
    try {
      await handle(event);
      counters.countUpdate(event.channel, "handled");
    } catch (error) {
      counters.countUpdate(event.channel, "failed");
      throw error;
    }
  };
}

const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed", "dead"] as const;
const SCHEDULER_STATE_ID = "scheduler";

interface Sample {
  labels?: Record<string, string>;
  value: number;
}

interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge";
  samples: Sample[];
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

/** The Prometheus text exposition format (version 0.0.4). */
export function renderPrometheus(families: Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = s.labels ? Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`) : [];
      lines.push(`${f.name}${labels.length ? `{${labels.join(",")}}` : ""} ${Number.isFinite(s.value) ? s.value : 0}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** Reads the gauges (four aggregate queries) and renders them with the counters. */
export async function scrapeMetrics(db: Database, now: Date, counters: Counters | undefined): Promise<string> {
  const [byState, oldest, state, retries] = await Promise.all([
    // The chat simulator's messages are no deliveries to people: not counted.
    db.outboxMessage.groupBy({ by: ["channel", "status"], where: { channel: { notIn: PREVIEW_CHANNELS } }, _count: { _all: true } }),
    db.outboxMessage.groupBy({ by: ["channel"], where: { status: "pending", channel: { notIn: PREVIEW_CHANNELS } }, _min: { createdAt: true } }),
    db.schedulerState.findUnique({ where: { id: SCHEDULER_STATE_ID } }),
    db.jobRetry.groupBy({ by: ["givenUpAt"], _count: { _all: true } }),
  ]);
  const count = (channel: string, status: string) => byState.find((r) => r.channel === channel && r.status === status)?._count._all ?? 0;
  const channels = [...new Set([...CHANNEL_NAMES, ...byState.map((r) => r.channel)])];
  const retriesPending = retries.filter((r) => r.givenUpAt === null).reduce((n, r) => n + r._count._all, 0);
  const retriesGivenUp = retries.filter((r) => r.givenUpAt !== null).reduce((n, r) => n + r._count._all, 0);
  const families: Family[] = [
    {
      name: "wardbot_updates_total",
      help: "Updates from the chat platforms handled by this process since it started, by channel and outcome.",
      type: "counter",
      samples: (counters?.updatesByLabel() ?? []).map((u) => ({ labels: { channel: u.channel, outcome: u.outcome }, value: u.count })),
    },
    {
      name: "wardbot_deliveries",
      help: "Outgoing messages in the outbox, by channel and state (sent rows are kept 90 days).",
      type: "gauge",
      samples: channels.flatMap((channel) => OUTBOX_STATUSES.map((status) => ({ labels: { channel, status }, value: count(channel, status) }))),
    },
    {
      name: "wardbot_queue_depth",
      help: "Messages waiting to be sent (pending or being sent), by channel.",
      type: "gauge",
      samples: channels.map((channel) => ({ labels: { channel }, value: count(channel, "pending") + count(channel, "sending") })),
    },
    {
      name: "wardbot_oldest_pending_age_seconds",
      help: "Age of the oldest message still waiting to be sent, by channel (0 when none waits).",
      type: "gauge",
      samples: channels.map((channel) => {
        const at = oldest.find((r) => r.channel === channel)?._min.createdAt;
        return { labels: { channel }, value: at ? Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000)) : 0 };
      }),
    },
    {
      name: "wardbot_scheduler_lag_seconds",
      help: "Seconds since the scheduler's last completed tick (it ticks every minute; -1 before the first).",
      type: "gauge",
      samples: [{ value: state ? Math.max(0, Math.round((now.getTime() - state.lastTickAt.getTime()) / 1000)) : -1 }],
    },
    {
      name: "wardbot_job_retries",
      help: "Scheduled runs that failed: waiting to be tried again (pending) or given up after the last attempt (given_up).",
      type: "gauge",
      samples: [
        { labels: { state: "pending" }, value: retriesPending },
        { labels: { state: "given_up" }, value: retriesGivenUp },
      ],
    },
  ];
  return renderPrometheus(families);
}
