/**
 * Replay of Telegram webhook deliveries with duplicates and reordering, over real HTTP on
 * 127.0.0.1 to the app's real /webhooks/telegram route (grammY, the conversation, the group
 * commit, SQLite through Prisma). Used by test/server/replay.test.ts (small) and
 * test/bench/replay.ts (10,000 deliveries).
 *
 * What Telegram does, and what is assumed here:
 *  - An update is delivered again until Telegram gets a 200 for it, and may be delivered again
 *    even after (a timeout on its side while we were still handling it): each update is
 *    delivered 1 to 3 times.
 *  - Telegram sends a chat's next update only once the previous one was answered (it keeps a
 *    chat's updates in order). So the FIRST deliveries of a chat's updates come in order, each
 *    after a 200 for the one before; assumed, since a conversation cannot be read in any other
 *    order (an answer to question 2 arriving first would answer question 1).
 *  - The extra deliveries are not ordered at all: a third of them go at the same moment as
 *    the first (a retry while we are still handling it), the others after up to 300 further
 *    deliveries (6 per chat with more chats), often after the chat's later updates (a stale
 *    redelivery): more disorder than Telegram makes.
 *  - Chats are independent: up to 40 requests in flight at once (Telegram's max_connections).
 * The schedule comes from a seeded generator: the same seed replays the same deliveries.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createTelegramBot } from "../../src/channels/telegram/bot.js";
import type { FormDefinition } from "../../src/core/form.js";
import { createLogger } from "../../src/core/logger.js";
import { createApp } from "../../src/server/app.js";
import { telegramWebhook } from "../../src/server/routes/telegram-webhook.js";
import { prepareAdminKeys } from "../../src/services/admin-tokens.js";
import { handleInbound } from "../../src/services/chat/handle-inbound.js";
import type { ServiceContext } from "../../src/services/context.js";
import { putForm } from "../../src/services/form.js";
import { insertGroup } from "../../src/services/groups.js";
import { createMember } from "../../src/services/members.js";
import { createWard } from "../../src/services/wards.js";
import type { Database } from "../../src/db/types.js";

const SECRET = "replay_webhook-secret-0123456789";
const ADMIN = "replay-admin-token-0123456789abcdef";
const USER_BASE = 600_000_000;
export const CONNECTIONS = 40;

export const FORM: FormDefinition = {
  title: "Báo cáo tuần",
  roles: ["leader"],
  questions: [
    { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", required: true, min: 0, max: 5000 },
    { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", required: true, options: ["Ổn định", "Có vụ việc"] },
    { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
    { key: "ve_sinh", text: "Tổ có giữ vệ sinh môi trường không?", type: "yes_no", required: true },
    { key: "ngay_hop", text: "Ngày họp tổ gần nhất?", type: "date", required: false },
    { key: "ty_le", text: "Tỷ lệ hộ đóng góp (%)?", type: "number", required: true, min: 0, max: 100 },
  ],
};

/** What leader i types, one update each, and the answers the report must end with. */
export function script(i: number) {
  const quy = (i % 9) + 1;
  const day = (i % 28) + 1;
  return {
    texts: [String(i % 5001), i % 2 ? "1" : "co vu viec", `${quy}tr5`, i % 3 ? "có" : "không", `${day}/9/2026`, `${i % 100},5`, "gửi"],
    answers: {
      ho_van_dong: i % 5001,
      antt: i % 2 ? "Ổn định" : "Có vụ việc",
      quy: quy * 1_000_000 + 500_000,
      ve_sinh: i % 3 !== 0,
      ngay_hop: `2026-09-${String(day).padStart(2, "0")}`,
      ty_le: (i % 100) + 0.5,
    },
  };
}
export const UPDATES_PER_LEADER = script(0).texts.length;

/** A small seeded generator (mulberry32): the schedule is the same for the same seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ReplayFigures {
  seed: number;
  leaders: number;
  updates: number;
  deliveries: number;
  duplicates: { atOnce: number; late: number; afterLaterUpdateOfChat: number };
  statuses: Record<number, number>;
  seconds: number;
  /** Checks: each a count of what was found. */
  processedIds: number;
  processedIdsDistinctAndExpected: boolean;
  reportsAsExpected: number;
  repliesPerUpdateOk: number;
  versionsOk: number;
  errorsLogged: string[];
  problems: string[];
}

/** `open` gives a fresh, migrated database (the tests' template copy, or a new file in the script). */
export async function runReplay(options: { leaders: number; seed: number; open: () => Promise<Database> }): Promise<ReplayFigures> {
  const { leaders, seed } = options;
  const rand = random(seed);
  const db = await options.open();
  const logs: string[] = [];
  const log = createLogger("warn", (line) => logs.push(line));
  const ctx = (): ServiceContext => ({ db, now: () => new Date(), log, actor: "chat", defaultTimezone: "Asia/Ho_Chi_Minh" });

  // A ward with one group and one bound leader per chat, the form, and an open cycle (its prompts queued).
  const ward = await createWard(ctx(), { name: "Phường Phát Lại" });
  await putForm(ctx(), ward.id, FORM);
  // Plain writes, no interactive transaction: the test also runs with batches buffered as on D1.
  for (let i = 0; i < leaders; i++) {
    const group = await insertGroup(db, ward.id, ward.id, `Tổ dân phố số ${i + 1}`);
    const member = await createMember(ctx(), ward.id, { name: `Tổ trưởng ${i + 1}`, role: "leader", groupId: group.id });
    const userId = String(USER_BASE + i);
    await db.channelIdentity.create({ data: { memberId: member.id, channel: "telegram", externalId: userId, address: `telegram:${userId}` } });
  }

  const botInfo = { id: 654321, is_bot: true, first_name: "wardbot", username: "wardbot_replay_bot" } as never;
  // Nothing is sent to Telegram here: the replies stay in the outbox, where they are counted.
  const bot = createTelegramBot({ token: "654321:replay-token-abcdefghijk", apiRoot: "http://127.0.0.1:9", log, botInfo, onEvent: (event) => handleInbound(ctx(), event) });
  const { keys } = await prepareAdminKeys(db, ADMIN);
  const app = createApp({ db, log, now: () => new Date(), adminKeys: keys, version: "replay", defaultTimezone: "Asia/Ho_Chi_Minh", webhooks: [await telegramWebhook(bot, SECRET)] });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const problems: string[] = [];
  try {
    const opened = await fetch(`${base}/api/v1/wards/${ward.id}/cycles`, { method: "POST", headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" }, body: "{}" });
    if (opened.status !== 201) throw new Error(`opening the cycle answered ${opened.status}: ${await opened.text()}`);

    // The updates: chat i's k-th message has update id i * 100 + k (ids unique per bot).
    const update = (i: number, k: number) => {
      const userId = USER_BASE + i;
      const id = 1_000_000 + i * 100 + k;
      const chat = { id: userId, type: "private", first_name: "Tổ trưởng" };
      return { id, body: JSON.stringify({ update_id: id, message: { message_id: k + 1, date: Math.floor(Date.now() / 1000), chat, from: { id: userId, is_bot: false, first_name: "Tổ trưởng" }, text: script(i).texts[k] } }) };
    };

    const statuses: Record<number, number> = {};
    const duplicates = { atOnce: 0, late: 0, afterLaterUpdateOfChat: 0 };
    let deliveries = 0;
    /** Per chat: the next update whose first delivery is due, and whether one is in flight. */
    const next = new Array<number>(leaders).fill(0);
    const firstSent = new Array<number>(leaders).fill(-1);
    const ready = new Set(Array.from({ length: leaders }, (_, i) => i));
    /** Extra deliveries waiting: sent once `after` more deliveries have gone. */
    const extra: { i: number; k: number; after: number }[] = [];
    const post = async (i: number, k: number) => {
      const { body } = update(i, k);
      deliveries++;
      const res = await fetch(`${base}/webhooks/telegram`, { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, body });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      return res.status;
    };

    // Late extra deliveries go after up to this many further deliveries: long enough, with
    // many chats, for most to come after the chat's next updates.
    const lateWindow = Math.max(300, 6 * leaders);
    const started = performance.now();
    const pick = (): (() => Promise<void>) | undefined => {
      // A duplicate whose time has come, else the next update of a chat that may send one.
      const due = extra.findIndex((e) => e.after <= 0);
      if (due >= 0) {
        const { i, k } = extra.splice(due, 1)[0]!;
        if (firstSent[i]! > k) duplicates.afterLaterUpdateOfChat++;
        return async () => void (await post(i, k));
      }
      if (!ready.size) return undefined;
      const chats = [...ready];
      const i = chats[Math.floor(rand() * chats.length)]!;
      ready.delete(i);
      const k = next[i]!;
      firstSent[i] = k;
      const copies = 1 + Math.floor(rand() * 3);
      for (let c = 1; c < copies; c++) {
        if (rand() < 1 / 3) {
          duplicates.atOnce++;
          extra.push({ i, k, after: 0 });
        } else {
          duplicates.late++;
          extra.push({ i, k, after: 1 + Math.floor(rand() * lateWindow) });
        }
      }
      return async () => {
        let status = await post(i, k);
        while (status !== 200) status = await post(i, k); // Telegram delivers again until a 200
        next[i] = k + 1;
        if (k + 1 < UPDATES_PER_LEADER) ready.add(i);
      };
    };
    let inFlight = 0;
    await new Promise<void>((resolve, reject) => {
      const pump = () => {
        for (;;) {
          if (inFlight >= CONNECTIONS) return;
          const job = pick();
          if (!job) {
            if (inFlight === 0 && extra.length) {
              // Nothing else to send: the late duplicates go now.
              for (const e of extra) e.after = 0;
              continue;
            }
            if (inFlight === 0) resolve();
            return;
          }
          for (const e of extra) e.after--;
          inFlight++;
          job().then(() => {
            inFlight--;
            pump();
          }, reject);
        }
      };
      pump();
    });
    const seconds = (performance.now() - started) / 1000;

    // --- checks
    const expectedIds = new Set<string>();
    for (let i = 0; i < leaders; i++) for (let k = 0; k < UPDATES_PER_LEADER; k++) expectedIds.add(String(update(i, k).id));
    const processed = await db.processedUpdate.findMany({ where: { channel: "telegram" }, select: { updateId: true } });
    const processedIdsDistinctAndExpected = processed.length === expectedIds.size && processed.every((p) => expectedIds.has(p.updateId));

    const reports = await db.report.findMany({ include: { group: { select: { name: true } } } });
    let reportsAsExpected = 0;
    for (const r of reports) {
      const i = Number(/(\d+)$/.exec(r.group.name)![1]) - 1;
      const ok = r.status === "submitted" && JSON.stringify(sortKeys(r.answers as object)) === JSON.stringify(sortKeys(script(i).answers));
      if (ok) reportsAsExpected++;
      else if (problems.length < 5) problems.push(`leader ${i}: ${r.status} ${JSON.stringify(r.answers)}`);
    }

    // One reply per processed update, in the conversation's order: the prompt, the questions 2–6, the summary, the receipt.
    const outbox = await db.outboxMessage.findMany({ where: { channel: "telegram" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { address: true, payload: true } });
    const byChat = new Map<string, string[]>();
    for (const o of outbox) byChat.set(o.address, [...(byChat.get(o.address) ?? []), (o.payload as { text: string }).text]);
    const expectedOpenings = ["Câu 1/6", "Câu 2/6", "Câu 3/6", "Câu 4/6", "Câu 5/6", "Câu 6/6", "Xin ông/bà xem lại báo cáo", "Đã nhận báo cáo"];
    let repliesPerUpdateOk = 0;
    for (let i = 0; i < leaders; i++) {
      const texts = byChat.get(`telegram:${USER_BASE + i}`) ?? [];
      const ok = texts.length === UPDATES_PER_LEADER + 1 && texts.every((t, n) => t.includes(expectedOpenings[n]!));
      if (ok) repliesPerUpdateOk++;
      else if (problems.length < 5) problems.push(`chat ${i}: ${texts.length} messages: ${texts.map((t) => t.split("\n").find((l) => l.startsWith("Câu")) ?? t.slice(0, 30)).join(" | ")}`);
    }

    // The conversation's version: one for the opening prompt, then one per processed update.
    const conversations = await db.conversation.findMany({ where: { channel: "telegram" }, select: { userId: true, version: true } });
    const versionsOk = conversations.filter((c) => c.version === 1 + UPDATES_PER_LEADER).length;
    if (versionsOk !== leaders && problems.length < 5) problems.push(`versions: ${JSON.stringify(conversations.slice(0, 5))}`);

    return {
      seed, leaders, updates: expectedIds.size, deliveries, duplicates, statuses, seconds,
      processedIds: processed.length, processedIdsDistinctAndExpected, reportsAsExpected, repliesPerUpdateOk, versionsOk,
      errorsLogged: logs.filter((l) => l.includes('"level":"error"')), problems,
    };
  } finally {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ("closeAllConnections" in server) server.closeAllConnections();
    });
    await db.$disconnect();
  }
}

const sortKeys = (o: object) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
