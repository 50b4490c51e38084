import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createLogger } from "../../src/core/logger.js";
import { handleInbound } from "../../src/services/chat/handle-inbound.js";
import { Counters, countedInbound } from "../../src/services/metrics.js";
import type { InboundEvent } from "../../src/channels/channel.js";
import { ADMIN_TOKEN, buildTestApp, type TestApp } from "../support/app.js";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const NOW = new Date("2026-11-25T03:00:00Z");

let t: TestApp;
let counters: Counters;
beforeEach(async () => {
  counters = new Counters();
  t = await buildTestApp({ now: () => NOW, counters, metricsToken: METRICS_TOKEN });
});
afterEach(() => t.close());

/** Scrapes over real HTTP, as Prometheus does. */
async function scrape(token?: string) {
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  } finally {
    await new Promise((r) => server.close(r));
  }
}

/** Sample lines by name and labels, checking every line against the text format's grammar. */
function parse(text: string) {
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  expect(text.endsWith("\n")).toBe(true);
  for (const line of text.trimEnd().split("\n")) {
    if (line.startsWith("# HELP ")) continue;
    const type = /^# TYPE ([a-z_]+) (counter|gauge)$/.exec(line);
    if (type) {
      typed.add(type[1]!);
      continue;
    }
    const m = /^([a-z_]+)(\{(?:[a-z_]+="(?:[^"\\\n]|\\.)*",?)*\})? (-?\d+(?:\.\d+)?)$/.exec(line);
    expect(m, line).not.toBeNull();
    expect(typed.has(m![1]!), `${m![1]} has its TYPE line first`).toBe(true);
    samples.set(`${m![1]}${m![2] ?? ""}`, Number(m![3]));
  }
  return samples;
}

describe("GET /metrics", () => {
  it("answers the Prometheus text format with updates, deliveries, queue depth, oldest pending age, scheduler lag and retries", async () => {
    // Two updates through the real chat handler: a stranger's message, twice over.
    const ctx = { db: t.db, now: () => NOW, log: createLogger("silent"), actor: "chat", defaultTimezone: "Asia/Ho_Chi_Minh", delivery: t.delivery };
    const inbound = countedInbound(counters, (e) => handleInbound(ctx, e));
    const event = (updateId: string): InboundEvent => ({
      channel: "telegram", updateId, chat: { id: "42", type: "private" }, user: { id: "42", name: "A" }, input: { kind: "text", text: "xin chào" },
    });
    await inbound(event("1"));
    await inbound(event("2"));
    await t.delivery.settle();

    const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
    const row = (channel: string, status: string, createdAt: Date) => ({
      address: `${channel}:1`, channel, payload: { text: "x" }, status, nextAttemptAt: createdAt, createdAt,
    });
    await t.db.outboxMessage.createMany({
      data: [row("telegram", "pending", minutesAgo(5)), row("telegram", "pending", minutesAgo(1)), row("telegram", "sent", minutesAgo(60)), row("zalo", "dead", minutesAgo(30))],
    });
    await t.db.schedulerState.create({ data: { id: "scheduler", lastTickAt: new Date(NOW.getTime() - 90_000) } });
    await t.db.jobRetry.createMany({
      data: [
        { job: "open:w1", instant: minutesAgo(10), dueAt: minutesAgo(10), attempts: 1, nextAttemptAt: NOW, lastError: "locked" },
        { job: "open:w2", instant: minutesAgo(10), dueAt: minutesAgo(10), attempts: 8, nextAttemptAt: NOW, lastError: "locked", givenUpAt: NOW },
      ],
    });
    const res = await scrape(METRICS_TOKEN);
    expect(res.status).toBe(200);
    expect(res.type).toBe("text/plain; version=0.0.4; charset=utf-8");
    const m = parse(res.text);
    expect(m.get('wardbot_updates_total{channel="telegram",outcome="handled"}')).toBe(2);
    expect(m.get('wardbot_deliveries{channel="telegram",status="pending"}')).toBe(2);
    expect(m.get('wardbot_queue_depth{channel="telegram"}')).toBe(2);
    // The row sent an hour ago, and the stranger's welcome replies (sent by the test delivery).
    const sent = await t.db.outboxMessage.count({ where: { channel: "telegram", status: "sent" } });
    expect(sent).toBeGreaterThan(1);
    expect(m.get('wardbot_deliveries{channel="telegram",status="sent"}')).toBe(sent);
    expect(m.get('wardbot_deliveries{channel="zalo",status="dead"}')).toBe(1);
    expect(m.get('wardbot_queue_depth{channel="zalo"}')).toBe(0);
    expect(m.get('wardbot_oldest_pending_age_seconds{channel="telegram"}')).toBe(300);
    expect(m.get('wardbot_oldest_pending_age_seconds{channel="zalo"}')).toBe(0);
    expect(m.get("wardbot_scheduler_lag_seconds")).toBe(90);
    expect(m.get('wardbot_job_retries{state="pending"}')).toBe(1);
    expect(m.get('wardbot_job_retries{state="given_up"}')).toBe(1);
    // Figures only: no chat ids or message text.
    expect(res.text).not.toContain("xin chào");
  });

  it("takes the metrics token or the admin token, and nothing else", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("wrong-token-0123456789abcdef")).status).toBe(401);
    expect((await scrape(ADMIN_TOKEN)).status).toBe(200);
    // The metrics token opens nothing else.
    expect((await t.call("GET", "/api/v1/wards", undefined, { authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(401);
  });
});
