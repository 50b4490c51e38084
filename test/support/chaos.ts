/**
 * kill -9 during fan-out and answering (test/bench/chaos.ts prints it; test/runtime/chaos.test.ts
 * runs a small one in `npm test`).
 *
 * The real server (the bundle, as `npm start` runs it) on a file database, in Telegram webhook
 * mode against a local fake Bot API that records every sendMessage. A ward of `leaders` groups,
 * one bound leader each; a cycle is opened through the admin API (a prompt to every leader), and
 * each leader answers the five-step report as the bot asks, through the webhook, the way Telegram
 * delivers updates: one at a time per chat, at most 40 chats at once, each update posted again
 * (same update_id) until it is answered 200. Meanwhile the server is killed with SIGKILL `kills`
 * times at random moments (a seeded RNG) and started again; then it runs until everything is
 * drained. Counted at the end:
 *  - answers acknowledged (200) and stored (their update recorded as processed, the values in the
 *    submitted report);
 *  - due messages (each leader's prompt and the reply to each acknowledged answer) and how many
 *    of them reached the Bot API at least once;
 *  - duplicates: the same text delivered to the same chat more than once.
 * A row a killed process left "sending" is sent again after DELIVERY.staleSendingMs (2 minutes);
 * between a kill and the restart the harness dates those rows back, as if the two minutes had
 * passed, so that a run takes seconds (nothing else in the database is touched).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/core/logger.js";
import { openMigratedDatabase } from "../../src/db/prepare.js";
import type { Database } from "../../src/db/types.js";
import type { ServiceContext } from "../../src/services/context.js";
import { putForm } from "../../src/services/form.js";
import { insertGroup } from "../../src/services/groups.js";
import { insertMember } from "../../src/services/members.js";
import { createWard } from "../../src/services/wards.js";
import { BOT_TOKEN, FORM, LEADER_SEQUENCE, STEPS, WEBHOOK_SECRET } from "../bench/webhook/config.js";
import { startFakeBotApi } from "../bench/webhook/fake-bot-api.js";
import { startServer, type ServerProcess } from "./process.js";

export interface ChaosOptions {
  leaders: number;
  kills: number;
  seed: number;
  /** How long the server runs between a start and its kill, in ms (uniform). */
  uptimeMs?: [number, number];
  /** How long to wait for everything to drain after the last start. */
  drainTimeoutMs?: number;
  progress?: (line: string) => void;
}

export interface ChaosFigures {
  seed: number;
  leaders: number;
  kills: number;
  /** Rows a killed process left "sending" (each may or may not have reached the Bot API). */
  leftSending: number;
  wallMs: number;
  answers: { acknowledged: number; stored: number; valuesWrong: number };
  reportsSubmitted: number;
  due: { messages: number; sent: number };
  outboxNotSent: number;
  sendMessageCalls: number;
  duplicates: number;
  /** Webhook posts that got no 200 (refused while the server was down, cut by a kill). */
  webhookRetries: number;
  drained: boolean;
}

const USER_BASE = 710_000_000;
const TELEGRAM_CONNECTIONS = 40;
const ADMIN_TOKEN = "chaos-admin-token-0123456789abcdef";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A small seeded generator (mulberry32): the same seed, the same kill moments. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** What leader i answers at each step (see STEPS): the households differ per leader. */
const answerOf = (i: number, step: number) => STEPS[step]!.text(i);

async function prepareWard(db: Database, leaders: number): Promise<string> {
  const ctx: ServiceContext = { db, now: () => new Date(), log: silentLogger, actor: "chaos", defaultTimezone: "Asia/Ho_Chi_Minh" };
  const ward = await createWard(ctx, { name: "Phường Thử Sập Nguồn" });
  await putForm(ctx, ward.id, FORM);
  for (let i = 0; i < leaders; i++) {
    const group = await insertGroup(db, ward.id, ward.id, `Tổ dân phố số ${i + 1}`);
    const member = await insertMember(db, ward.id, { name: `Tổ trưởng ${i + 1}`, role: "leader", groupId: group.id });
    const userId = String(USER_BASE + i);
    await db.channelIdentity.create({ data: { memberId: member.id, channel: "telegram", externalId: userId, address: `telegram:${userId}` } });
  }
  return ward.id;
}

interface Update {
  updateId: number;
  leader: number;
  step: number;
  body: string;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosFigures> {
  const { leaders, kills, seed } = options;
  const [minUp, maxUp] = options.uptimeMs ?? [300, 2500];
  const say = options.progress ?? (() => {});
  const random = seededRandom(seed);
  const dir = mkdtempSync(join(tmpdir(), "wardbot-chaos-"));
  const dbUrl = `file:${join(dir, "chaos.db")}`;
  const db = await openMigratedDatabase({ url: dbUrl }, silentLogger);
  const api = await startFakeBotApi();
  const started = performance.now();
  let server: ServerProcess | undefined;
  try {
    const wardId = await prepareWard(db, leaders);
    const env = {
      DATABASE_URL: dbUrl,
      ADMIN_TOKEN,
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_MODE: "webhook",
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PUBLIC_URL: "http://127.0.0.1:1",
      LOG_LEVEL: "info",
    };
    server = await startServer(env);

    // --- the leaders: each answers the step the bot just asked, once, however often it is asked
    const step = new Array<number>(leaders).fill(0); // the next LEADER_SEQUENCE entry awaited
    const queues = new Map<number, Update[]>();
    const acknowledged = new Map<number, Update>();
    let nextUpdateId = 1;
    let webhookRetries = 0;
    let inFlight = 0;
    const chatBusy = new Set<number>();
    const waiting: number[] = [];
    const pump = () => {
      while (inFlight < TELEGRAM_CONNECTIONS && waiting.length) {
        const leader = waiting.shift()!;
        inFlight++;
        void deliverChat(leader).finally(() => {
          inFlight--;
          pump();
        });
      }
    };
    const schedule = (leader: number) => {
      if (chatBusy.has(leader)) return;
      chatBusy.add(leader);
      waiting.push(leader);
      pump();
    };
    // Telegram: the chat's updates in order, each posted until it is answered 200.
    async function deliverChat(leader: number) {
      const queue = queues.get(leader)!;
      while (queue.length) {
        const update = queue[0]!;
        const target = server;
        let ok = false;
        try {
          const res = await fetch(`${target!.baseUrl}/webhooks/telegram`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
            body: update.body,
            signal: AbortSignal.timeout(10_000),
          });
          await res.arrayBuffer();
          ok = res.status === 200;
        } catch {
          ok = false;
        }
        if (ok) {
          acknowledged.set(update.updateId, update);
          queue.shift();
        } else {
          webhookRetries++;
          await sleep(100 + 200 * Math.random());
        }
      }
      chatBusy.delete(leader);
    }
    let seen = 0;
    const watch = setInterval(() => {
      for (; seen < api.received.length; seen++) {
        const { chat, text } = api.received[seen]!;
        const leader = Number(chat) - USER_BASE;
        if (!(leader >= 0 && leader < leaders) || step[leader]! >= LEADER_SEQUENCE.length) continue;
        if (!text.includes(LEADER_SEQUENCE[step[leader]!]!)) continue;
        const answering = step[leader]!;
        step[leader] = answering + 1;
        if (answering >= STEPS.length) continue; // the receipt: done
        const updateId = nextUpdateId++;
        const body = JSON.stringify({
          update_id: updateId,
          message: {
            message_id: updateId,
            from: { id: USER_BASE + leader, is_bot: false, first_name: "Tổ trưởng", language_code: "vi" },
            chat: { id: USER_BASE + leader, first_name: "Tổ trưởng", type: "private" },
            date: Math.floor(Date.now() / 1000),
            text: answerOf(leader, answering),
          },
        });
        const queue = queues.get(leader) ?? [];
        queues.set(leader, queue);
        queue.push({ updateId, leader, step: answering, body });
        schedule(leader);
      }
    }, 20);

    // --- the fan-out: the cycle opens, one prompt per leader, queued in the outbox
    const opened = await fetch(`${server.baseUrl}/api/v1/wards/${wardId}/cycles`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: "{}",
    });
    if (opened.status !== 201) throw new Error(`opening the cycle answered ${opened.status}: ${await opened.text()}`);

    // --- the kills
    let leftSending = 0;
    for (let k = 0; k < kills; k++) {
      await sleep(minUp + random() * (maxUp - minUp));
      await server.stop("SIGKILL");
      const n = await db.outboxMessage.count({ where: { status: "sending" } });
      leftSending += n;
      // As if DELIVERY.staleSendingMs had passed since (see the header).
      await db.$executeRawUnsafe(`UPDATE "OutboxMessage" SET "nextAttemptAt" = '1970-01-01T00:00:00.000Z' WHERE "status" = 'sending'`);
      say(`kill ${k + 1}/${kills}: ${api.received.length} messages received, ${acknowledged.size} answers acknowledged, ${Number(n)} left sending`);
      server = await startServer(env);
    }

    // --- drain: every leader through the receipt, the outbox empty
    const deadline = Date.now() + (options.drainTimeoutMs ?? 180_000);
    let drained = false;
    while (Date.now() < deadline) {
      const n = await db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } });
      if (n === 0 && step.every((s) => s === LEADER_SEQUENCE.length) && queues.size === leaders && [...queues.values()].every((q) => !q.length)) {
        drained = true;
        break;
      }
      await sleep(200);
    }
    await sleep(1_500); // anything sent twice after the end shows up too
    clearInterval(watch);
    await server.stop("SIGTERM");

    // --- the counts
    const ids = [...acknowledged.keys()].map(String);
    let stored = 0;
    for (let i = 0; i < ids.length; i += 500)
      stored += await db.processedUpdate.count({ where: { channel: "telegram", updateId: { in: ids.slice(i, i + 500) } } });
    const reports = await db.report.findMany({ where: { status: "submitted" }, include: { group: true } });
    let valuesWrong = 0;
    for (const report of reports) {
      const leader = Number(/(\d+)$/.exec(report.group.name)![1]) - 1;
      const answers = (typeof report.answers === "string" ? JSON.parse(report.answers) : report.answers) as Record<string, unknown>;
      if (answers.ho_van_dong !== Number(answerOf(leader, 0)) || answers.antt !== "Ổn định" || answers.ve_sinh !== true) valuesWrong++;
    }
    const byChat = new Map<string, string[]>();
    for (const { chat, text } of api.received) byChat.set(chat, [...(byChat.get(chat) ?? []), text]);
    // Due: each leader's prompt, and the reply to each of their acknowledged answers.
    const answeredSteps = new Array<number>(leaders).fill(0);
    for (const u of acknowledged.values()) answeredSteps[u.leader]!++;
    let due = 0;
    let sent = 0;
    let duplicates = 0;
    for (let i = 0; i < leaders; i++) {
      const texts = byChat.get(String(USER_BASE + i)) ?? [];
      const owed = LEADER_SEQUENCE.slice(0, 1 + answeredSteps[i]!);
      due += owed.length;
      sent += owed.filter((expected) => texts.some((t) => t.includes(expected))).length;
    }
    for (const texts of byChat.values()) {
      const counts = new Map<string, number>();
      for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const c of counts.values()) duplicates += c - 1;
    }
    return {
      seed,
      leaders,
      kills,
      leftSending,
      wallMs: performance.now() - started,
      answers: { acknowledged: acknowledged.size, stored, valuesWrong },
      reportsSubmitted: reports.length,
      due: { messages: due, sent },
      outboxNotSent: await db.outboxMessage.count({ where: { status: { not: "sent" } } }),
      sendMessageCalls: api.sendMessageCalls(),
      duplicates,
      webhookRetries,
      drained,
    };
  } finally {
    await server?.stop("SIGKILL").catch(() => undefined);
    await db.$disconnect();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
