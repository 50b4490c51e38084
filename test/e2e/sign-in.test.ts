import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess } from "../support/process.js";
import { startEmulator, userClient, type Emulator } from "../support/telegram-emulator.js";
import { zaloWorld } from "../support/zalo.js";

/**
 * Staff sign-in end to end: the code travels through the real outbox to the chat the person is
 * bound in, on Telegram (the server process with the emulator) and on Zalo (the fake Bot API).
 */

const TOKEN = "123458:e2e-test-token-abcdefghijklmnop";
const ADMIN = "e2e-admin-token-0123456789abcdef";
let emu: Emulator;
let server: ServerProcess;

beforeAll(async () => {
  emu = await startEmulator({ stubs: { setMyCommands: true } });
  server = await startServer({
    DATABASE_URL: `file:${join(mkdtempSync(join(tmpdir(), "wardbot-e2e-signin-")), "e2e.db")}`,
    ADMIN_TOKEN: ADMIN,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emu.apiRoot,
    TELEGRAM_MODE: "polling",
    PUBLIC_URL: "https://wardbot.example.vn",
  });
});
afterAll(async () => {
  await server?.stop();
  await emu?.stop();
});

async function request(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, setCookie: res.headers.get("set-cookie") ?? "" };
}

describe("staff sign-in through the bot", () => {
  it("on Telegram: the code (and a one-tap link) arrives in the chat and becomes a session", async () => {
    const owner = { authorization: `Bearer ${ADMIN}` };
    const ward = (await request(server.baseUrl, "POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" }, owner)).body;
    const admin = (await request(server.baseUrl, "POST", `/api/v1/wards/${ward.id}/members`, { name: "Phạm Minh Đức", role: "admin", phone: "0912 345 678" }, owner)).body;
    const duc = userClient(emu, TOKEN, { userId: 90011, firstName: "Đức" });
    await duc.sendCommand(`/start ${new URL(admin.invite.telegramLink).searchParams.get("start")}`);
    await duc.nextBotMessages();

    expect((await request(server.baseUrl, "POST", "/api/v1/auth/sign-in", { phone: "84912345678" })).status).toBe(202);
    const [message] = await duc.nextBotMessages({ timeoutMs: 10_000 });
    const code = /(\d{6})/.exec(message!.text)![1]!;
    expect(message!.text).toContain(`https://wardbot.example.vn/#/sign-in?phone=%2B84912345678&code=${code}`);

    const verified = await request(server.baseUrl, "POST", "/api/v1/auth/verify", { phone: "0912.345.678", code });
    expect(verified.status).toBe(200);
    expect(verified.setCookie).toMatch(/HttpOnly.*Secure|Secure.*HttpOnly/);
    const cookie = /wardbot_session=[^;]+/.exec(verified.setCookie)![0];
    const wards = await request(server.baseUrl, "GET", "/api/v1/wards", undefined, { cookie });
    expect(wards.body.map((w: any) => w.id)).toEqual([ward.id]);
    // No code, number or cookie in the server's log.
    expect(server.stdout()).not.toContain(code);
    expect(server.stdout()).not.toMatch(/912.?345.?678/);
    expect(server.stdout()).not.toContain(cookie.split("=")[1]);
  });

  it("on Zalo: the code arrives in the Zalo chat (no link: Zalo is not one-tap) and becomes a session", async () => {
    const world = await zaloWorld({ mode: "polling" });
    try {
      const ward = (await world.call("POST", "/api/v1/wards", { name: "Phường Hòa Khánh Bắc" })).body;
      const admin = (await world.call("POST", `/api/v1/wards/${ward.id}/members`, { name: "Lê Văn Hùng", role: "chair", phone: "0905 123 456" })).body;
      const hung = world.user("7b7b7b7b7b7b7b7b7b7b");
      expect(await hung.say(`mã: ${admin.invite.code}`)).toContain("Xin chào");

      expect((await request(world.baseUrl, "POST", "/api/v1/auth/sign-in", { phone: "+84 905 123 456" })).status).toBe(202);
      const text = await hung.next(10_000);
      const code = /(\d{6})/.exec(text)![1]!;
      expect(text).not.toContain("http");
      const verified = await request(world.baseUrl, "POST", "/api/v1/auth/verify", { phone: "0905123456", code });
      expect(verified.body).toMatchObject({ kind: "person", name: "Lê Văn Hùng", grants: [{ unitId: ward.id, role: "chair" }] });
      const cookie = /wardbot_session=[^;]+/.exec(verified.setCookie)![0];
      expect((await request(world.baseUrl, "GET", `/api/v1/wards/${ward.id}`, undefined, { cookie })).status).toBe(200);
      // A chair reads; changing the form is not theirs.
      const csrf = { cookie, "x-csrf-token": verified.body.csrfToken };
      expect((await request(world.baseUrl, "PUT", `/api/v1/wards/${ward.id}/form`, { title: "X", questions: [{ key: "a", text: "A?", type: "integer" }] }, csrf)).status).toBe(403);
      expect(world.logs.join("\n")).not.toContain(code);
    } finally {
      await world.close();
    }
  });
});
