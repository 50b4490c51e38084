/**
 * Crash test (prints figures; not a unit test). Run: node --import tsx test/bench/crash.ts
 *
 * A ward of LEADERS bound leaders; a cycle is opened and a reminder fan-out queued, so the outbox
 * holds thousands of messages. The real server delivers them to a local fake Bot API while this
 * script kills it with SIGKILL at random moments and starts it again, until the outbox is empty.
 * Then it counts: every message must have arrived; a message may arrive twice only when the
 * process died between the Bot API accepting it and the outbox recording it — at most one
 * message per kill.
 */
import { createServer } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { createLogger } from "../../src/core/logger.js";
import { openMigratedDatabase } from "../../src/db/prepare.js";
import type { ServiceContext } from "../../src/services/context.js";
import { putForm } from "../../src/services/form.js";
import { createWard } from "../../src/services/wards.js";
import { openCycle } from "../../src/services/cycle-opening.js";
import { nudgeCycle } from "../../src/services/cycle-lifecycle.js";
import { startServer } from "../support/process.js";

const LEADERS = Number(process.env.LEADERS ?? 1500);
const TOKEN = "424242:crash-test-token-abcdefghijklmnop";

// --- a fake Bot API that records every accepted sendMessage
const received = new Map<string, number>(); // "chat|text" → times
let accepted = 0;
const api = createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    const method = req.url!.split("/").pop();
    const params = body ? JSON.parse(body) : {};
    let result: unknown = true;
    if (method === "getMe") result = { id: 424242, is_bot: true, first_name: "wardbot", username: "wardbot_crash_bot" };
    if (method === "sendMessage") {
      const key = `${params.chat_id}|${params.text}`;
      received.set(key, (received.get(key) ?? 0) + 1);
      accepted++;
      result = { message_id: accepted, date: Math.floor(Date.now() / 1000), chat: { id: params.chat_id, type: "private" }, text: params.text };
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result }));
  });
});
await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
const apiRoot = `http://127.0.0.1:${(api.address() as { port: number }).port}`;

// --- the ward, the cycle and the fan-out, queued in the outbox before the server starts
const dbUrl = `file:${join(mkdtempSync(join(tmpdir(), "wardbot-crash-")), "crash.db")}`;
const db = await openMigratedDatabase({ url: dbUrl }, createLogger("silent"));
const ctx: ServiceContext = { db, now: () => new Date(), log: createLogger("silent"), actor: "bench", defaultTimezone: "Asia/Ho_Chi_Minh" };
const ward = await createWard(ctx, { name: "Phường thử nghiệm" });
await putForm(ctx, ward.id, { title: "Báo cáo", roles: ["leader"], questions: [{ key: "n", text: "Số hộ?", type: "integer", required: true }] });
for (let i = 0; i < LEADERS; i++) {
  const group = await db.unit.create({ data: { kind: "group", name: `Tổ ${i + 1}`, parentId: ward.id, wardId: ward.id } });
  const member = await db.member.create({ data: { wardId: ward.id, name: `Tổ trưởng ${i + 1}`, roles: { create: { role: "leader", unitId: group.id } } } });
  await db.channelIdentity.create({ data: { memberId: member.id, channel: "telegram", externalId: String(800000 + i), address: `telegram:${800000 + i}` } });
}
const cycle = await openCycle(ctx, ward.id, {});
await nudgeCycle(ctx, cycle.id);
const expected = await db.outboxMessage.count();
console.log(`queued ${expected} messages for ${LEADERS} leaders`);

// --- deliver with random SIGKILLs
execFileSync(process.execPath, ["src/runtime/build.mjs"]);
const env = { DATABASE_URL: dbUrl, ADMIN_TOKEN: "crash-test-admin-token-000000000", TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_MODE: "polling", LOG_LEVEL: "info" };
let kills = 0;
const started = Date.now();
for (;;) {
  const server = await startServer(env);
  const pending = await db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } });
  if (pending === 0) {
    await server.stop();
    break;
  }
  await new Promise((r) => setTimeout(r, 1000 + Math.random() * 4000));
  const left = await db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } });
  if (left === 0) {
    await server.stop();
    break;
  }
  await server.stop("SIGKILL");
  kills++;
  // A row left "sending" by the killed process is retried after the stale timeout; make the
  // test move on by treating it as stale now (what the next start would do two minutes later).
  await db.$executeRawUnsafe(`UPDATE "OutboxMessage" SET "nextAttemptAt" = '1970-01-01T00:00:00.000Z' WHERE "status" = 'sending'`);
}

const missing = (await db.outboxMessage.findMany({ where: { status: { not: "sent" } } })).length;
const duplicates = [...received.values()].reduce((n, times) => n + (times - 1), 0);
console.log(`wardbot crash test — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}`);
console.log(`messages queued: ${expected}; accepted by the Bot API: ${accepted} (${received.size} distinct)`);
console.log(`SIGKILLs: ${kills}; wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`lost (never accepted): ${expected - received.size}; outbox rows not sent: ${missing}`);
console.log(`duplicates: ${duplicates} (allowed: at most one per kill = ${kills})`);
console.log(duplicates <= kills && received.size === expected && missing === 0 ? "RESULT: ok" : "RESULT: FAILED");
await db.$disconnect();
api.close();
