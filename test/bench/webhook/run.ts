/** The benchmark run: database, server, inbound load, outbox drain, checks, then the bare Hono baseline. */
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../../src/core/logger.js";
import { openMigratedDatabase } from "../../../src/db/prepare.js";
import type { Database } from "../../../src/db/types.js";
import { WELCOME_UNKNOWN } from "../../../src/services/chat/identity-chat.js";
import type { ServiceContext } from "../../../src/services/context.js";
import { putForm } from "../../../src/services/form.js";
import { insertGroup } from "../../../src/services/groups.js";
import { insertMember } from "../../../src/services/members.js";
import { createWard } from "../../../src/services/wards.js";
import { startServer, type ServerProcess } from "../../support/process.js";
import {
  ADMIN_TOKEN,
  BASELINE_RUNS,
  BOT_TOKEN,
  CONCURRENCY,
  FORM,
  LEADER_SEQUENCE,
  LEADER_USER_BASE,
  LEADERS,
  STEPS,
  STRANGER_USER_BASE,
  WEBHOOK_SECRET,
  root,
} from "./config.js";
import { startFakeBotApi } from "./fake-bot-api.js";
import { cpuMs, driveWith, keepAliveAgent, measure, rate, refreshConnections, startBareHono, zaloUserId, type SideFigures, type Target } from "./load.js";
import {
  analysePacing,
  outboxDetail,
  outboxStatusCounts,
  waitForOutbox,
  type DrainResult,
  type OutboxDetail,
  type PacingFigures,
} from "./outbound.js";

export interface BenchResults {
  wardbot: SideFigures;
  baseline: SideFigures;
  baselineRuns: SideFigures[];
  phases: Record<string, number>;
  /** Handler times the server logged for /webhooks/telegram during the measured run. */
  serverSideMs: number[];
  serverLogLevels: Map<string, number>;
  outbound: {
    expected: { prompts: number; warmup: number; measured: number; total: number };
    /** What the cycle-open API said it queued. */
    prompted: number | undefined;
    drain: DrainResult;
    pacing: PacingFigures;
    /** Server CPU from the end of the load to the end of the drain. */
    drainServerCpuMs: number;
    connections: number;
    outboxAtLoadEnd: Record<string, number>;
    outboxFinal: Record<string, number>;
    detail: OutboxDetail;
  };
  checks: { submitted: number; answersOk: number; conversationsOk: number; strangersOk: number };
  serverProblems: string[];
  warnings: string[];
}

/** A ward, 500 groups (or `leaders`) with one leader each bound on `channel`, and a short form. The client stays open. */
export async function prepareDatabase(
  url: string,
  channel: "telegram" | "zalo" = "telegram",
  leaders = LEADERS,
): Promise<{ db: Database; wardId: string; leaders: number }> {
  const db = await openMigratedDatabase({ url }, silentLogger);
  const ctx: ServiceContext = { db, now: () => new Date(), log: silentLogger, actor: "bench", defaultTimezone: "Asia/Ho_Chi_Minh" };
  const ward = await createWard(ctx, { name: "Phường Đo Tải" });
  await putForm(ctx, ward.id, FORM);
  await db.$transaction(
    async (tx) => {
      for (let i = 0; i < leaders; i++) {
        const group = await insertGroup(tx, ward.id, ward.id, `Tổ dân phố số ${i + 1}`);
        const member = await insertMember(tx, ward.id, { name: `Nguyễn Văn Tổ Trưởng ${i + 1}`, role: "leader", groupId: group.id });
        const userId = channel === "zalo" ? zaloUserId(LEADER_USER_BASE + i) : String(LEADER_USER_BASE + i);
        await tx.channelIdentity.create({
          data: { memberId: member.id, channel, externalId: userId, address: `${channel}:${userId}` },
        });
      }
    },
    { timeout: 600_000 },
  );
  return { db, wardId: ward.id, leaders: await db.channelIdentity.count() };
}

/** The server's JSON log lines: request times of the webhook, level counts, warnings and errors. */
function readServerLog(lines: string[], problems: string[]) {
  const levels = new Map<string, number>();
  const webhookMs: number[] = [];
  for (const line of lines) {
    let entry: { level?: string; msg?: string; path?: string; ms?: number };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      problems.push(`non-JSON stdout: ${line.slice(0, 200)}`);
      continue;
    }
    levels.set(entry.level ?? "?", (levels.get(entry.level ?? "?") ?? 0) + 1);
    if (entry.msg === "request" && entry.path === "/webhooks/telegram" && typeof entry.ms === "number") webhookMs.push(entry.ms);
    if ((entry.level === "warn" || entry.level === "error") && problems.length < 5) problems.push(line.slice(0, 400));
  }
  return { levels, webhookMs: webhookMs.sort((a, b) => a - b) };
}

export async function runBenchmark(): Promise<BenchResults> {
  process.chdir(root); // startServer spawns the bundle by a path relative to the working directory
  const warnings: string[] = [];
  const serverProblems: string[] = [];
  const phases: Record<string, number> = {};

  if (process.env.WARDBOT_BENCH_SKIP_BUILD !== "1") {
    const build = spawnSync(process.execPath, ["src/runtime/build.mjs"], { cwd: root, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`building the server bundle failed:\n${build.stderr}${build.stdout}`);
  }

  const dir = mkdtempSync(join(tmpdir(), "wardbot-bench-webhook-"));
  const dbUrl = `file:${join(dir, "bench.db")}`;
  const fakeApi = await startFakeBotApi();
  const leaderIds = Array.from({ length: LEADERS }, (_, i) => LEADER_USER_BASE + i);
  const strangerIds = Array.from({ length: CONCURRENCY }, (_, i) => STRANGER_USER_BASE + i);
  const measuredSteps = STEPS.map((s) => s.text);
  const expected = { prompts: LEADERS, warmup: strangerIds.length, measured: LEADERS * STEPS.length, total: 0 };
  expected.total = expected.prompts + expected.warmup + expected.measured;

  let db: Database | undefined;
  let server: ServerProcess | undefined;
  let bare: Awaited<ReturnType<typeof startBareHono>> | undefined;
  try {
    // --- setup
    let t0 = performance.now();
    const prepared = await prepareDatabase(dbUrl);
    db = prepared.db;
    phases["database setup (500 groups, leaders, bindings)"] = performance.now() - t0;
    if (prepared.leaders !== LEADERS) warnings.push(`expected ${LEADERS} Telegram bindings, found ${prepared.leaders}`);

    t0 = performance.now();
    server = await startServer({
      DATABASE_URL: dbUrl,
      ADMIN_TOKEN,
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: fakeApi.apiRoot,
      TELEGRAM_MODE: "webhook",
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PUBLIC_URL: "http://127.0.0.1:1",
      LOG_LEVEL: "info",
      ...(process.env.WARDBOT_BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.WARDBOT_BENCH_SERVER_NODE_OPTIONS } : {}),
    });
    const serverPid = server.child.pid!;
    phases["server start → listening"] = performance.now() - t0;
    for (const method of ["getMe", "setMyCommands", "setWebhook"])
      if (!fakeApi.calls.get(method)) warnings.push(`the server did not call ${method} on the fake Bot API at start`);

    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };
    t0 = performance.now();
    const opened = await fetch(`${server.baseUrl}/api/v1/wards/${prepared.wardId}/cycles`, { method: "POST", headers: admin, body: "{}" });
    const cycle = (await opened.json()) as { id: string; prompted?: number };
    phases["open cycle (500 prompts queued)"] = performance.now() - t0;
    if (opened.status !== 201) throw new Error(`opening the cycle answered ${opened.status}: ${JSON.stringify(cycle)}`);
    if (cycle.prompted !== LEADERS) warnings.push(`the cycle prompted ${cycle.prompted} leaders, expected ${LEADERS}`);

    const webhookTarget: Target = { port: server.port, path: "/webhooks/telegram", headers: { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET } };
    const agent = keepAliveAgent(CONCURRENCY);

    // --- warm-up: unbound users say hello (not measured, not touching the reports)
    const warm = await driveWith(agent, webhookTarget, strangerIds, [() => "xin chào"]);
    phases["warm-up (500 concurrent hellos)"] = warm.wallMs;
    if (warm.non200.size || warm.badBodies)
      warnings.push(`warm-up: ${[...warm.non200].map(([s, n]) => `${n}× HTTP ${s}`).join(", ")} ${warm.examples.join(" | ")}`);

    const refresh = await refreshConnections(agent, webhookTarget, CONCURRENCY);
    phases[`connection refresh (${CONCURRENCY} × empty body → 400, ${refresh.newConnections} reconnected)`] = refresh.ms;
    if (refresh.statuses.size !== 1 || !refresh.statuses.has(400))
      warnings.push(`connection refresh: expected ${CONCURRENCY}× HTTP 400, got ${[...refresh.statuses].map(([st, n]) => `${n}× ${st}`).join(", ")}`);

    // --- measured run (inbound only: replies are queued in the outbox, delivered paced)
    const logLinesBefore = server.stdout().split("\n").length - 1;
    const wardbot = await measure("wardbot", serverPid, () => driveWith(agent, webhookTarget, leaderIds, measuredSteps));
    agent.destroy();
    const { startedAt: loadStart, endedAt: loadEnd } = wardbot.load;
    const drainCpu0 = cpuMs(serverPid);
    t0 = performance.now();
    const outboxAtLoadEnd = await outboxStatusCounts(db);
    phases["outbox status query at load end (bench's own client)"] = performance.now() - t0;

    // --- outbound: wait until every expected message reached the fake Bot API
    process.stderr.write(
      `  measured run done; waiting for the outbox to drain (${fakeApi.sendMessageCalls()}/${expected.total} messages received so far)\n`,
    );
    const outboxDb = db;
    const drain = await waitForOutbox(fakeApi, expected.total, async () => {
      const c = await outboxStatusCounts(outboxDb);
      return c.pending! + c.sending! === 0;
    });
    const drainServerCpuMs = cpuMs(serverPid) - drainCpu0;
    if (!drain.reached)
      warnings.push(
        drain.outboxEmpty
          ? `the outbox emptied with ${fakeApi.sendMessageCalls()} of ${expected.total} expected messages received: the rest were never queued`
          : `the outbox did not drain within ${(drain.boundMs / 1000).toFixed(0)} s: ${fakeApi.sendMessageCalls()} of ${expected.total} messages received`,
      );
    if (drain.extras) warnings.push(`${drain.extras} more sendMessage calls than expected (duplicates?)`);
    const pacing = analysePacing(fakeApi.received, loadStart, loadEnd, drain.completedAt);
    if (process.env.WARDBOT_BENCH_DUMP_SENDS) {
      const sends = fakeApi.received.map((m) => ({ chat: m.chat, msAfterLoad: Math.round((m.at - loadEnd) * 10) / 10 }));
      writeFileSync(process.env.WARDBOT_BENCH_DUMP_SENDS, JSON.stringify({ loadMs: loadEnd - loadStart, sends }));
    }

    const log = readServerLog(server.stdout().split("\n").slice(logLinesBefore).filter(Boolean), serverProblems);

    // --- checks: every conversation went as expected, every report is submitted with its answers
    let conversationsOk = 0;
    let shown = 0;
    for (const userId of leaderIds) {
      const texts = fakeApi.sent.get(String(userId)) ?? [];
      if (texts.length === LEADER_SEQUENCE.length && LEADER_SEQUENCE.every((e, k) => texts[k]!.includes(e))) conversationsOk++;
      else if (shown++ < 3)
        serverProblems.push(`leader ${userId} got ${texts.length} messages: ${texts.map((t) => JSON.stringify(t.slice(0, 60))).join(" / ")}`);
    }
    const strangersOk = strangerIds.filter((id) => {
      const texts = fakeApi.sent.get(String(id)) ?? [];
      return texts.length === 1 && texts[0] === WELCOME_UNKNOWN;
    }).length;
    const got = await fetch(`${server.baseUrl}/api/v1/cycles/${cycle.id}`, { headers: admin });
    const detail = (await got.json()) as { groups: { reports: { status: string; answers: Record<string, unknown> }[] }[] };
    const reports = detail.groups.flatMap((g) => g.reports);
    const submitted = reports.filter((r) => r.status === "submitted").length;
    const answersOk = reports.filter(
      (r) => typeof r.answers.ho_van_dong === "number" && r.answers.antt === "Ổn định" && r.answers.ve_sinh === true && !("quy" in r.answers),
    ).length;

    const stopStarted = performance.now();
    const code = await server.stop();
    phases["server SIGTERM → exit"] = performance.now() - stopStarted;
    if (code !== 0) warnings.push(`the server exited with code ${code} on SIGTERM`);
    if (server.stderr().trim()) serverProblems.push(`stderr: ${server.stderr().trim().slice(0, 600)}`);
    server = undefined;

    // --- the outbox table as the server left it
    const outboxFinal = await outboxStatusCounts(db);
    const outbox = await outboxDetail(db, new Set(leaderIds.map((id) => `telegram:${id}`)));
    await db.$disconnect();
    db = undefined;

    // --- baseline: bare Hono, same load shape
    bare = await startBareHono();
    const bareTarget: Target = { port: bare.port, path: "/webhooks/telegram", headers: { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET } };
    const bareAgent = keepAliveAgent(CONCURRENCY);
    await driveWith(bareAgent, bareTarget, strangerIds, [() => "xin chào"]);
    await refreshConnections(bareAgent, bareTarget, CONCURRENCY);
    // A run takes well under a second here, so it is repeated and the median (by throughput) kept.
    const baselineRuns: SideFigures[] = [];
    for (let i = 0; i < BASELINE_RUNS; i++)
      baselineRuns.push(await measure("bare Hono", bare.child.pid!, () => driveWith(bareAgent, bareTarget, leaderIds, measuredSteps)));
    baselineRuns.sort((a, b) => rate(a.load) - rate(b.load));
    bareAgent.destroy();

    return {
      wardbot,
      baseline: baselineRuns[Math.floor(BASELINE_RUNS / 2)]!,
      baselineRuns,
      phases,
      serverSideMs: log.webhookMs,
      serverLogLevels: log.levels,
      outbound: {
        expected,
        prompted: cycle.prompted,
        drain,
        pacing,
        drainServerCpuMs,
        connections: fakeApi.connections(),
        outboxAtLoadEnd,
        outboxFinal,
        detail: outbox,
      },
      checks: { submitted, answersOk, conversationsOk, strangersOk },
      serverProblems,
      warnings,
    };
  } finally {
    if (server) await server.stop().catch(() => undefined);
    if (bare && bare.child.exitCode === null) {
      bare.child.kill("SIGTERM");
      await once(bare.child, "exit");
    }
    if (db) await db.$disconnect().catch(() => undefined);
    await fakeApi.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
