/**
 * Telegram and Zalo webhooks side by side, in one run: for each channel, the same database shape
 * (500 leaders bound on that channel), the real bundled server with only that channel, the same
 * warm-up and the same measured load (500 chats, five answers each, one at a time per chat) posted
 * to /webhooks/telegram or /webhooks/zalo in the platform's own body. Replies go to the outbox and
 * out to a local fake of the channel's API at the channel's own pace; only the inbound side is
 * measured here (the full Telegram run, `--channel telegram`, also checks the outbound pacing).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startZaloFake } from "../../../src/dev/zalo-fake.js";
import { startServer } from "../../support/process.js";
import { ADMIN_TOKEN, BOT_TOKEN, CONCURRENCY, LEADER_USER_BASE, LEADERS, STEPS, STRANGER_USER_BASE, WEBHOOK_SECRET } from "./config.js";
import { startFakeBotApi } from "./fake-bot-api.js";
import { driveWith, keepAliveAgent, measure, percentile, rate, refreshConnections, telegramUpdate, zaloUpdate, type SideFigures, type Target, type UpdateBody } from "./load.js";
import { prepareDatabase } from "./run.js";

export type BenchChannel = "telegram" | "zalo";

const ZALO_TOKEN = "1459232241454765289:benchZaloBench_0123456789-xyz";

interface ChannelSetup {
  env: Record<string, string>;
  target: (port: number) => Target;
  body: UpdateBody;
  close: () => Promise<void>;
}

async function setUp(channel: BenchChannel): Promise<ChannelSetup> {
  if (channel === "telegram") {
    const api = await startFakeBotApi();
    return {
      env: { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, TELEGRAM_MODE: "webhook", TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET },
      target: (port) => ({ port, path: "/webhooks/telegram", headers: { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET } }),
      body: telegramUpdate,
      close: api.close,
    };
  }
  const api = await startZaloFake({ token: ZALO_TOKEN });
  return {
    env: { ZALO_BOT_TOKEN: ZALO_TOKEN, ZALO_API_ROOT: api.apiRoot, ZALO_WEBHOOK_SECRET: WEBHOOK_SECRET },
    target: (port) => ({ port, path: "/webhooks/zalo", headers: { "x-bot-api-secret-token": WEBHOOK_SECRET } }),
    body: zaloUpdate,
    close: api.stop,
  };
}

export interface ChannelFigures {
  channel: BenchChannel;
  side: SideFigures;
  submitted: number;
  problems: string[];
}

async function runChannel(channel: BenchChannel): Promise<ChannelFigures> {
  const dir = mkdtempSync(join(tmpdir(), `wardbot-bench-${channel}-`));
  const dbUrl = `file:${join(dir, "bench.db")}`;
  const setup = await setUp(channel);
  const problems: string[] = [];
  const { db, wardId } = await prepareDatabase(dbUrl, channel);
  await db.$disconnect();
  const server = await startServer({
    DATABASE_URL: dbUrl,
    ADMIN_TOKEN,
    PUBLIC_URL: "http://127.0.0.1:1",
    LOG_LEVEL: "info", // as the full run: the "listening" line is info
    ...setup.env,
    ...(process.env.WARDBOT_BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.WARDBOT_BENCH_SERVER_NODE_OPTIONS } : {}),
  });
  try {
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };
    const opened = await fetch(`${server.baseUrl}/api/v1/wards/${wardId}/cycles`, { method: "POST", headers: admin, body: "{}" });
    const cycle = (await opened.json()) as { id: string; prompted?: number };
    if (opened.status !== 201) throw new Error(`opening the cycle answered ${opened.status}: ${JSON.stringify(cycle)}\n${server.stdout().split("\n").filter((l) => l.includes("\"error\"")).join("\n").slice(0, 2000)}`);
    if (cycle.prompted !== LEADERS) problems.push(`the cycle prompted ${cycle.prompted} leaders, expected ${LEADERS}`);
    const target = setup.target(server.port);
    const agent = keepAliveAgent(CONCURRENCY);
    const strangers = Array.from({ length: CONCURRENCY }, (_, i) => STRANGER_USER_BASE + i);
    await driveWith(agent, target, strangers, [() => "xin chào"], setup.body);
    await refreshConnections(agent, target, CONCURRENCY);
    const leaders = Array.from({ length: LEADERS }, (_, i) => LEADER_USER_BASE + i);
    const side = await measure(channel, server.child.pid!, () => driveWith(agent, target, leaders, STEPS.map((s) => s.text), setup.body));
    agent.destroy();
    if (side.load.non200.size || side.load.badBodies) problems.push(`${channel}: ${side.load.examples.join(" | ")}`);
    const got = await fetch(`${server.baseUrl}/api/v1/cycles/${cycle.id}`, { headers: admin });
    const detail = (await got.json()) as { groups: { reports: { status: string }[] }[] };
    if (got.status !== 200) throw new Error(`reading the cycle answered ${got.status}: ${JSON.stringify(detail).slice(0, 300)}`);
    const submitted = detail.groups.flatMap((g) => g.reports).filter((r) => r.status === "submitted").length;
    if (submitted !== LEADERS) problems.push(`${channel}: ${submitted} of ${LEADERS} reports submitted`);
    return { channel, side, submitted, problems };
  } finally {
    await server.stop();
    await setup.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the channels one after the other (never at once: they would share the two cores). */
export async function compareChannels(channels: BenchChannel[]): Promise<ChannelFigures[]> {
  const figures: ChannelFigures[] = [];
  for (const channel of channels) {
    process.stderr.write(`  ${channel}: running (load average ${loadavg().map((x) => x.toFixed(2)).join(" ")})\n`);
    figures.push(await runChannel(channel));
  }
  return figures;
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

export function printComparison(figures: ChannelFigures[]) {
  console.log(`webhook throughput by channel — ${new Date().toISOString()}, Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`${LEADERS} chats, ${STEPS.length} answers each, ${CONCURRENCY} at a time, loopback, keep-alive\n`);
  console.log("channel    updates/s      p50      p99      max  CPU/update ms  reports submitted");
  for (const { channel, side, submitted } of figures) {
    const l = side.load;
    console.log(
      channel.padEnd(10) +
        rate(l).toFixed(0).padStart(10) +
        ms(percentile(l.latencies, 50)).padStart(9) +
        ms(percentile(l.latencies, 99)).padStart(9) +
        ms(l.latencies.at(-1)!).padStart(9) +
        (side.serverCpuMs / l.requests).toFixed(2).padStart(15) +
        `${submitted}/${LEADERS}`.padStart(19),
    );
  }
  // Each channel's runs pooled: all its updates over all its wall time, p99 of all its latencies.
  const pooled = (channel: BenchChannel) => {
    const runs = figures.filter((f) => f.channel === channel).map((f) => f.side);
    if (!runs.length) return undefined;
    const requests = runs.reduce((a, r) => a + r.load.requests, 0);
    const latencies = runs.flatMap((r) => r.load.latencies).sort((a, b) => a - b);
    return {
      runs: runs.length,
      rate: requests / (runs.reduce((a, r) => a + r.load.wallMs, 0) / 1000),
      p99: percentile(latencies, 99),
      cpu: runs.reduce((a, r) => a + r.serverCpuMs, 0) / requests,
    };
  };
  const telegram = pooled("telegram");
  const zalo = pooled("zalo");
  if (telegram && zalo) {
    for (const [name, p] of [["telegram", telegram], ["zalo", zalo]] as const)
      console.log(`${name} pooled (${p.runs} runs): ${p.rate.toFixed(0)} updates/s, p99 ${ms(p.p99)} ms, ${p.cpu.toFixed(2)} ms CPU per update`);
    const ratio = zalo.rate / telegram.rate;
    console.log(
      `Zalo / Telegram: throughput ${ratio.toFixed(2)}, p99 ${(zalo.p99 / telegram.p99).toFixed(2)}×, CPU per update ${(zalo.cpu / telegram.cpu).toFixed(2)}× — ` +
        `target: throughput ≥ 0.80 ${ratio >= 0.8 ? "(met)" : "(NOT met)"}`,
    );
  }
  for (const problem of figures.flatMap((f) => f.problems)) console.log(`WARNING: ${problem}`);
}
