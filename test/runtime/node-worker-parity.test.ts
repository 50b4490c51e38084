import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess } from "../support/process.js";
import { reportScenario, webhookDelivery, type RunningServer } from "../support/report-scenario.js";
import { startEmulator, type Emulator } from "../support/telegram-emulator.js";
import { startWorkerDev, type WorkerDev } from "../support/worker-dev.js";

/**
 * The same Telegram reporting scenario (test/support/report-scenario.ts: invitation, a whole
 * report with one answer re-asked, confirmation, an edit through /sua) against the Node server as
 * `npm start` runs it (SQLite, webhook mode) and against the Worker under `npm run worker:dev`
 * (workerd, local D1), both with the telegram-test-api emulator as their Bot API: the cycle API
 * must answer the same, and the leader must have read the same messages in the same order.
 */

const ADMIN = "parity-admin-token-0123456789abcdef";
const SECRET = "parity-webhook-secret";
const NODE_BOT = "123456:parity-node-token-abcdefghijklmn";
const WORKER_BOT = "123457:parity-worker-token-abcdefghijk";
const LEADER = 93001;

let emu: Emulator;
let dir: string;
let node: ServerProcess | undefined;
let worker: WorkerDev | undefined;
const startup: Record<string, number> = {};

const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  const at = Date.now();
  const value = await run();
  startup[name] = Date.now() - at;
  return value;
};

/** Next week's day at 17:00 in the ward's zone (Asia/Ho_Chi_Minh, no daylight saving): one deadline for both runs. */
function nextWeekAt17() {
  const local = new Date(Date.now() + 7 * 86_400_000 + 7 * 3_600_000);
  return `${local.toISOString().slice(0, 10)}T17:00:00+07:00`;
}

beforeAll(async () => {
  // The Node server registers its webhook and command menu at start: Telegram answers true.
  emu = await startEmulator({ stubs: { setMyCommands: true, setWebhook: true } });
  dir = mkdtempSync(join(tmpdir(), "wardbot-parity-"));
  const common = { ADMIN_TOKEN: ADMIN, TELEGRAM_API_ROOT: emu.apiRoot, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: "https://wardbot.example.vn" };
  // Side by side: wrangler dev takes the longer.
  [node, worker] = await Promise.all([
    timed("node start", () => startServer({ ...common, DATABASE_URL: `file:${join(dir, "node.db")}`, TELEGRAM_BOT_TOKEN: NODE_BOT, TELEGRAM_MODE: "webhook" }, 60_000)),
    timed("worker:dev start", () => startWorkerDev({ ...common, TELEGRAM_BOT_TOKEN: WORKER_BOT, LOG_LEVEL: "warn" })),
  ]);
}, 240_000);

afterAll(async () => {
  await node?.stop();
  if (node) expect(node.child.exitCode ?? node.child.signalCode).not.toBeNull();
  if (worker) expect(await worker.stop()).toEqual([]);
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("the same Telegram scenario on Node and on the Worker", () => {
  it("gives the same cycle API answer and the same bot messages, in the same order", async () => {
    const servers: RunningServer[] = [
      { name: "node", baseUrl: node!.baseUrl, adminToken: ADMIN, botToken: NODE_BOT, deliver: webhookDelivery(node!.baseUrl, SECRET) },
      { name: "worker", baseUrl: worker!.baseUrl, adminToken: ADMIN, botToken: WORKER_BOT, deliver: webhookDelivery(worker!.baseUrl, SECRET) },
    ];
    const dueAt = nextWeekAt17();
    // Side by side as well: each run waits mostly on the per-chat pacing of replies (one a second).
    const [onNode, onWorker] = await Promise.all([reportScenario(emu, servers[0]!, { userId: LEADER, dueAt }), reportScenario(emu, servers[1]!, { userId: LEADER, dueAt })]);

    const figures = Object.entries(startup).map(([step, ms]) => `  ${step}: ${ms} ms`);
    for (const [name, run] of [["node", onNode], ["worker", onWorker]] as const) figures.push(...run.timings.map((t) => `  ${name} · ${t.step}: ${t.ms} ms`));
    console.log(`node/worker parity timings:\n${figures.join("\n")}`);

    // What the Node server answers is the reference; it is itself what the other tests check.
    const report = (onNode.api as any).detail.groups[0].reports[0];
    expect(report).toMatchObject({ status: "submitted", via: "telegram", answers: { ho_van_dong: 16, antt: "Ổn định", quy: 2_500_000, ve_sinh: true } });
    expect((onNode.api as any).histories[0].revisions).toHaveLength(2);

    expect(onWorker.api).toEqual(onNode.api);
    expect(onWorker.messages.map((m) => m.text)).toEqual(onNode.messages.map((m) => m.text));
    expect(onWorker.messages).toEqual(onNode.messages);
    expect(node!.stdout()).not.toMatch(/"level":"error"/);
    expect(worker!.output()).not.toMatch(/"level":"error"/);
  }, 180_000);
});
