import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess } from "../support/process.js";
import { startEmulator, takeUserUpdates, userClient, type EmulatedUser, type Emulator } from "../support/telegram-emulator.js";

/**
 * Several Node instances on one database (deploy/multi-instance/README.md), run here: two real
 * server processes, as `npm start` runs them, on one SQLite file shared through WAL (the closest
 * runnable stand-in for a shared libSQL server: no sqld installs from the npm registry), both with
 * their scheduler and delivery loop running, Telegram by webhook (the telegram-test-api emulator
 * on 127.0.0.1; the test posts each update to the instance a load balancer would have chosen).
 */

const TOKEN = "123456:multi-instance-token-abcdefghij";
const ADMIN = "multi-instance-admin-token-0123456789";
const SECRET = "multi-instance-webhook-secret";
const ZONE = "Asia/Ho_Chi_Minh";
const WAIT = { timeoutMs: 20_000 };

let emu: Emulator;
let dir: string;
const servers: ServerProcess[] = [];
const start = async (env: Record<string, string>) => {
  const server = await startServer(env, 30_000);
  servers.push(server);
  return server;
};

beforeAll(async () => {
  // setWebhook is answered true: each instance registers the same webhook at start, as in production.
  emu = await startEmulator({ stubs: { setMyCommands: true, setWebhook: true } });
  dir = mkdtempSync(join(tmpdir(), "wardbot-multi-"));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop("SIGKILL")));
});
afterAll(async () => {
  await emu?.stop();
});

function apiOf(server: ServerProcess) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
}

/** What the user sent, delivered by Telegram to the instance the load balancer picked. */
async function deliverTo(server: ServerProcess) {
  for (const update of takeUserUpdates(emu, TOKEN)) {
    const res = await fetch(`${server.baseUrl}/webhooks/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify(update),
    });
    expect(res.status).toBe(200);
  }
}

/**
 * The next whole minute in the ward's zone at least `marginS` seconds away: an opening then (once
 * a year, on that date), its deadline two days later.
 */
function nextMinute(marginS: number) {
  const at = new Date(Math.ceil((Date.now() + marginS * 1000) / 60_000) * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", weekday: "short", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday!);
  const time = `${Number(parts.minute)} ${Number(parts.hour)}`;
  return { at, opensAt: `${time} ${Number(parts.day)} ${Number(parts.month)} *`, dueAt: `${time} * * ${(weekday + 2) % 7}` };
}

const prompts = (user: EmulatedUser) => user.allBotMessages().filter((m) => m.text.includes("Câu 1/2"));

describe("two instances on one database", () => {
  it("open a scheduled cycle once and prompt each leader once although both tick; a conversation moves between them", async () => {
    const env = {
      DATABASE_URL: `file:${join(dir, "shared.db")}`,
      ADMIN_TOKEN: ADMIN,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emu.apiRoot,
      TELEGRAM_MODE: "webhook",
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      // Only registered with the emulator (setWebhook is answered without any call out).
      PUBLIC_URL: "https://wardbot.example.vn",
    };
    // The first applies the migrations; the second finds them applied.
    const a = await start(env);
    const b = await start(env);
    const onA = apiOf(a);
    const onB = apiOf(b);

    const ward = (await onA("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
    const form = await onB("PUT", `/api/v1/wards/${ward.id}/form`, {
      title: "Báo cáo tuần",
      questions: [
        { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", min: 0 },
        { key: "hoi_vien_moi", text: "Số hội viên mới?", type: "integer", min: 0 },
      ],
    });
    expect(form.status).toBe(200);
    const leaders: EmulatedUser[] = [];
    for (const [i, name] of ["Trần Thị Nga", "Lê Văn Hùng"].entries()) {
      const group = (await onA("POST", `/api/v1/wards/${ward.id}/groups`, { name: `Tổ dân phố số ${i + 1}` })).body;
      const member = (await onB("POST", `/api/v1/wards/${ward.id}/members`, { name, role: "leader", groupId: group.id })).body;
      const user = userClient(emu, TOKEN, { userId: 91001 + i, firstName: name.split(" ").at(-1)! });
      await user.sendCommand(`/start ${member.invite.code}`);
      await deliverTo(i === 0 ? a : b);
      expect((await user.nextBotMessages(WAIT))[0]!.text).toContain(`Xin chào ông/bà ${name}`);
      leaders.push(user);
    }

    // Opening at the next whole minute: both instances' one-minute ticks reach it together.
    const fire = nextMinute(8);
    const schedule = await onA("PUT", `/api/v1/wards/${ward.id}/schedule`, {
      enabled: true,
      opensAt: fire.opensAt,
      remindAt: [],
      dueAt: fire.dueAt,
      summaryAt: fire.dueAt.replace(/^\d+/, (m) => String((Number(m) + 1) % 60)),
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(200);
    await new Promise((r) => setTimeout(r, fire.at.getTime() - Date.now()));
    for (const leader of leaders) expect((await leader.nextBotMessages(WAIT))[0]!.text).toContain("Câu 1/2: Số hộ được vận động?");
    // Time for a second opening or a second send to show, were either instance to make one.
    await new Promise((r) => setTimeout(r, 4_000));
    for (const leader of leaders) expect(prompts(leader)).toHaveLength(1);
    const cycles = (await onB("GET", `/api/v1/wards/${ward.id}/cycles`)).body;
    expect(cycles).toHaveLength(1);

    // One leader's answers arrive at A, then B, then A: one conversation, one report.
    const [nga] = leaders;
    await nga!.sendText("15");
    await deliverTo(a);
    expect((await nga!.nextBotMessages(WAIT))[0]!.text).toContain("Câu 2/2: Số hội viên mới?");
    await nga!.sendText("ba");
    await deliverTo(b);
    const confirmation = (await nga!.nextBotMessages(WAIT))[0]!;
    expect(confirmation.text).toContain("→ 15");
    expect(confirmation.text).toContain("→ 3");
    await nga!.pressButton("c:send");
    await deliverTo(a);
    expect((await nga!.nextBotMessages(WAIT))[0]!.text).toContain("Đã nhận báo cáo");

    const cycle = (await onB("GET", `/api/v1/cycles/${cycles[0].id}`)).body;
    const reports = cycle.groups.flatMap((g: any) => g.reports);
    expect(reports.filter((r: any) => r.status === "submitted")).toEqual([
      expect.objectContaining({ via: "telegram", answers: { ho_van_dong: 15, hoi_vien_moi: 3 } }),
    ]);
    for (const server of [a, b]) expect(server.stdout()).not.toMatch(/"level":"error"/);
  }, 180_000);

  it("in polling mode, the instance whose poll Telegram ends says why and what to set instead", async () => {
    const env = {
      DATABASE_URL: `file:${join(dir, "polling.db")}`,
      ADMIN_TOKEN: ADMIN,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emu.apiRoot,
      TELEGRAM_MODE: "polling",
    };
    const first = await start(env);
    await until(() => first.stdout().includes("long polling started"));
    const second = await start(env);
    // Telegram (and the emulator) end the older poll with 409 Conflict when a newer one comes.
    await until(() => first.stdout().includes("another process is polling this bot"));
    expect(first.stdout()).toContain("TELEGRAM_MODE=webhook");
    expect(second.stdout()).not.toContain("another process is polling this bot");
    // The newer instance goes on answering.
    const user = userClient(emu, TOKEN, { userId: 92001, firstName: "Lan" });
    await user.sendCommand("/help");
    expect((await user.nextBotMessages(WAIT)).length).toBeGreaterThan(0);
  }, 60_000);
});

async function until(condition: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}
