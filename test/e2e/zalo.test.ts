import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startZaloFake, type ZaloFake } from "../../src/dev/zalo-fake.js";
import { startServer, type ServerProcess } from "../support/process.js";
import { startEmulator, userClient, type Emulator } from "../support/telegram-emulator.js";

/**
 * End to end: the real server process (as `npm start` runs it) with the Zalo channel, polling
 * the fake Zalo Bot API on 127.0.0.1; and with both channels when Zalo refuses the token.
 */

const ZALO_TOKEN = "1459232241454765289:e2e-zalo-token";
const TELEGRAM_TOKEN = "123457:e2e-test-token-abcdefghijklmnop";
const ADMIN = "e2e-admin-token-0123456789abcdef";
let fake: ZaloFake;
let server: ServerProcess | undefined;

const freshDb = () => `file:${join(mkdtempSync(join(tmpdir(), "wardbot-e2e-zalo-")), "e2e.db")}`;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server!.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  fake = await startZaloFake({ token: ZALO_TOKEN, maxPollMs: 300 });
});
afterAll(() => fake.stop());
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("the server with Zalo", () => {
  it("runs Zalo alone with only ZALO_BOT_TOKEN: a leader pairs by code and gets the first question", async () => {
    server = await startServer({ DATABASE_URL: freshDb(), ADMIN_TOKEN: ADMIN, ZALO_BOT_TOKEN: ZALO_TOKEN, ZALO_API_ROOT: fake.apiRoot });
    const ward = (await api("POST", "/api/v1/wards", { name: "Phường Hòa Khánh Bắc" })).body;
    const group = (await api("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ dân phố số 12" })).body;
    await api("PUT", `/api/v1/wards/${ward.id}/form`, {
      title: "Báo cáo tuần",
      questions: [{ key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"] }],
    });
    const leader = (await api("POST", `/api/v1/wards/${ward.id}/members`, { name: "Lê Hoàng Hà", role: "leader", groupId: group.id })).body;
    expect(leader.invite.telegramLink).toBeUndefined();
    expect(leader.invite.zaloInstructions).toContain(leader.invite.code);

    const ha = "9a9a9a9a9a9a9a9a9a9a";
    await fake.userSends({ userId: ha, text: `mã: ${leader.invite.code}` });
    expect((await fake.nextBotMessage(ha, 10_000)).text).toContain("Xin chào ông/bà Lê Hoàng Hà");
    expect((await api("POST", `/api/v1/wards/${ward.id}/cycles`, { label: "Tuần 49/2026" })).status).toBe(201);
    expect((await fake.nextBotMessage(ha, 10_000)).text).toContain("1. Ổn định\n2. Có vụ việc");
    await fake.userSends({ userId: ha, text: "1" });
    expect((await fake.nextBotMessage(ha, 10_000)).text).toContain("→ Ổn định");
    expect(server.stdout()).toContain("zalo: long polling started");
  }, 60_000);

  it("says clearly at start when Zalo refuses the token, and keeps serving Telegram and the admin API", async () => {
    const emu: Emulator = await startEmulator({ stubs: { setMyCommands: true } });
    try {
      server = await startServer({
        DATABASE_URL: freshDb(),
        ADMIN_TOKEN: ADMIN,
        ZALO_BOT_TOKEN: "1459232241454765289:not-the-right-token",
        ZALO_API_ROOT: fake.apiRoot,
        TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
        TELEGRAM_API_ROOT: emu.apiRoot,
        TELEGRAM_MODE: "polling",
      });
      const refusal = server.stdout().split("\n").find((l) => l.includes("ZALO_BOT_TOKEN was refused"));
      expect(refusal).toBeDefined();
      expect(JSON.parse(refusal!).level).toBe("error");
      expect(server.stdout()).not.toContain("not-the-right-token");
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
      const ward = await api("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" });
      expect(ward.status).toBe(201);
      const stranger = userClient(emu, TELEGRAM_TOKEN, { userId: 90102, firstName: "Khách" });
      await stranger.sendText("Xin chào");
      expect((await stranger.nextBotMessages())[0]!.text).toContain("chưa được liên kết");
    } finally {
      await server?.stop();
      await emu.stop();
    }
  }, 60_000);
});
