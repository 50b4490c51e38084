import { spawnSync } from "node:child_process";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeBotApi, type FakeBotApi } from "../support/fake-bot-api.js";
import { startWorkerDev, type WorkerDev } from "../support/worker-dev.js";

/**
 * The Cloudflare Worker as a developer runs it: `npm run worker:build` (the bundle and its size),
 * then `npm run worker:dev` (test/support/worker-dev.ts: wrangler dev, workerd, a local D1 in a
 * temporary folder, migrations applied) on a free 127.0.0.1 port, with Telegram pointed at a fake Bot API on 127.0.0.1. One
 * start serves every case; the process tree is stopped at the end. The configuration errors run
 * the built bundle in Miniflare without the DB binding and the admin token.
 */

const ADMIN = "worker-admin-token-0123456789abcdef";
const BOT_TOKEN = "123456:worker-test-token-abcdefghijklmnop";
const WEBHOOK_SECRET = "worker-webhook-secret";
const LEADER_CHAT = 777001;

let bot: FakeBotApi;
let dev: WorkerDev;
let base = "";
let buildOutput = "";

const waitFor = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number) => dev.waitFor(what, probe, timeoutMs);

async function api(method: string, path: string, body?: unknown, token: string | null = ADMIN) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  const build = spawnSync("npm", ["run", "--silent", "worker:build"], { encoding: "utf8", env: process.env });
  buildOutput = build.stdout + build.stderr;
  if (build.status !== 0) throw new Error(`worker:build failed:\n${buildOutput}`);

  bot = await startFakeBotApi();
  dev = await startWorkerDev({
    ADMIN_TOKEN: ADMIN,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: bot.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PUBLIC_URL: "https://wardbot.example",
    LOG_LEVEL: "warn",
  });
  base = dev.baseUrl;
}, 240_000);

afterAll(async () => {
  if (dev) expect(await dev.stop()).toEqual([]);
  await bot?.close();
}, 60_000);

describe("the Worker under wrangler dev (workerd, local D1)", () => {
  it("prints the bundle's gzipped size at build", () => {
    expect(buildOutput).toMatch(/worker bundle: \d+ KiB gzipped \(target ≤ 1 MiB; free plan limit 3 MiB\)/);
    const kib = Number(/worker bundle: (\d+) KiB/.exec(buildOutput)![1]);
    expect(kib).toBeLessThan(3 * 1024);
  });

  it("answers /healthz with the D1 database reachable", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: { status: "ok" } });
  });

  it("refuses the admin API without the token and creates a ward with it", async () => {
    const refused = await api("GET", "/api/v1/wards", undefined, null);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("unauthorized");
    const created = await api("POST", "/api/v1/wards", { name: "Phường Thử Worker" });
    expect(created.status).toBe(201);
    const listed = await api("GET", "/api/v1/wards");
    expect(listed.body.map((w: { name: string }) => w.name)).toContain("Phường Thử Worker");
  });

  it("serves the web console at / with the same security headers as on Node", async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await res.text()).toContain('<html lang="vi">');
  });

  it("replies to a webhook turn at once, and a Cron Trigger called twice for a minute opens its cycle and sends its prompt once", async () => {
    const ward = (await api("POST", "/api/v1/wards", { name: "Phường Lịch Worker" })).body.id as string;
    await api("PUT", `/api/v1/wards/${ward}/form`, { title: "Báo cáo tuần", questions: [{ key: "ho", text: "Số hộ được vận động?", type: "integer" }] });
    const group = (await api("POST", `/api/v1/wards/${ward}/groups`, { name: "Tổ dân phố số 1" })).body.id as string;
    const leader = (await api("POST", `/api/v1/wards/${ward}/members`, { name: "Tổ trưởng Một", role: "leader", groupId: group })).body;
    // The bot's name came from getMe on the fake Bot API: TELEGRAM_API_ROOT is honoured.
    expect(leader.invite.telegramLink).toMatch(new RegExp(`^https://t\\.me/${bot.username}\\?start=`));
    const code = new URL(leader.invite.telegramLink).searchParams.get("start")!;

    // The leader opens the invitation: the webhook turn binds them and the reply goes out
    // within the request's waitUntil, with no Cron Trigger.
    const webhook = await fetch(`${base}/webhooks/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
      body: JSON.stringify({
        update_id: 5001,
        message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: LEADER_CHAT, type: "private" }, from: { id: LEADER_CHAT, is_bot: false, first_name: "Một" }, text: `/start ${code}` },
      }),
    });
    expect(webhook.status).toBe(200);
    await waitFor("the welcome reply", async () => (bot.sentTo(LEADER_CHAT).length > 0 ? true : undefined), 20_000);
    const beforeCron = bot.sentTo(LEADER_CHAT).length;

    // A schedule that opens a cycle this very minute (in the ward's zone), not too near its end:
    // the local trigger (/__scheduled) runs at the real time.
    if (new Date().getUTCSeconds() > 40) await new Promise((resolve) => setTimeout(resolve, (61 - new Date().getUTCSeconds()) * 1000));
    const local = new Date(Date.now() + 7 * 3600_000); // Asia/Ho_Chi_Minh, no daylight saving
    const at = `${local.getUTCMinutes()} ${local.getUTCHours()} * *`;
    const weekday = local.getUTCDay();
    const schedule = await api("PUT", `/api/v1/wards/${ward}/schedule`, {
      enabled: true,
      opensAt: `${at} ${weekday}`,
      remindAt: [],
      dueAt: `${at} ${(weekday + 3) % 7}`,
      summaryAt: `${at} ${(weekday + 4) % 7}`,
      skipHolidays: false,
    });
    expect(schedule.body.error ?? null).toBeNull();

    const trigger = () => fetch(`${base}/__scheduled?cron=*+*+*+*+*`).then((r) => r.text());
    expect(await Promise.all([trigger(), trigger()])).toEqual(["Ran scheduled event", "Ran scheduled event"]);
    expect(await trigger()).toBe("Ran scheduled event");

    const cycles = await waitFor("the opened cycle", async () => {
      const listed = (await api("GET", `/api/v1/wards/${ward}/cycles`)).body;
      return listed.length ? listed : undefined;
    }, 20_000);
    expect(cycles).toHaveLength(1);
    expect(cycles[0].status).toBe("open");
    await waitFor("the prompt", async () => (bot.sentTo(LEADER_CHAT).length > beforeCron ? true : undefined), 30_000);
    // Time for a second copy to arrive, were one queued; then the count is checked.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const prompts = bot.sentTo(LEADER_CHAT).slice(beforeCron);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain("Số hộ được vận động?");
  }, 150_000);
});

describe("the built Worker without its configuration", () => {
  it("answers every request with the missing binding and secret named, as JSON", async () => {
    const mf = new Miniflare({
      modules: true,
      scriptPath: "src/.build/worker/worker.js",
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: "2026-04-01",
      compatibilityFlags: ["nodejs_compat"],
      bindings: { LOG_LEVEL: "silent" },
    });
    try {
      const res = await mf.dispatchFetch("http://localhost/healthz");
      expect(res.status).toBe(500);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe("internal");
      expect(body.error.message).toContain("DB");
      expect(body.error.message).toContain("ADMIN_TOKEN");
      expect(body.error.details.problems.map((p: { variable: string }) => p.variable).sort()).toEqual(["ADMIN_TOKEN", "DB"]);
      const api = await mf.dispatchFetch("http://localhost/api/v1/wards");
      expect(api.status).toBe(500);
    } finally {
      await mf.dispose();
    }
  }, 60_000);
});
