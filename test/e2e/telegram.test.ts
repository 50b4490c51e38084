import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess } from "../support/process.js";
import { startEmulator, userClient, type EmulatedUser, type Emulator } from "../support/telegram-emulator.js";

/**
 * End to end: the real server process (as `npm start` runs it) long-polls the telegram-test-api
 * emulator on 127.0.0.1; an admin sets the ward up over HTTP and an emulated leader answers on
 * Telegram. (The emulator cannot send the webhook secret header, so webhooks are tested apart.)
 */

const TOKEN = "123456:e2e-test-token-abcdefghijklmnop";
const ADMIN = "e2e-admin-token-0123456789abcdef";
let emu: Emulator;
let server: ServerProcess;
let dbUrl: string;

const env = () => ({
  DATABASE_URL: dbUrl,
  ADMIN_TOKEN: ADMIN,
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_API_ROOT: emu.apiRoot,
  TELEGRAM_MODE: "polling",
});

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Sends text and returns the text of the bot's next reply. */
async function answer(user: EmulatedUser, text: string) {
  await user.sendText(text);
  const [reply] = await user.nextBotMessages();
  return reply!;
}

beforeAll(async () => {
  // The emulator lacks setMyCommands; Telegram answers it with true.
  emu = await startEmulator({ stubs: { setMyCommands: true } });
  dbUrl = `file:${join(mkdtempSync(join(tmpdir(), "wardbot-e2e-")), "e2e.db")}`;
  server = await startServer(env());
});
afterAll(async () => {
  await server?.stop();
  await emu?.stop();
});

describe("the reporting loop on Telegram", () => {
  it("invites a leader, opens a cycle, takes every kind of answer, survives a restart, submits and edits", async () => {
    const ward = (await api("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
    const group = (await api("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ dân phố số 7" })).body;
    const form = await api("PUT", `/api/v1/wards/${ward.id}/form`, {
      title: "Báo cáo tuần",
      questions: [
        { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", min: 0 },
        { key: "ty_le", text: "Tỷ lệ hộ tham gia (%)?", type: "number", min: 0, max: 100 },
        { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"] },
        { key: "antt_chi_tiet", text: "Mô tả vụ việc", type: "text", showIf: { key: "antt", equals: "Có vụ việc" } },
        { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money" },
        { key: "ve_sinh", text: "Tổ có giữ vệ sinh môi trường không?", type: "yes_no" },
        { key: "ngay_hop", text: "Ngày họp tổ?", type: "date", required: false },
        { key: "kien_nghi", text: "Kiến nghị của nhân dân?", type: "text", required: false },
      ],
    });
    expect(form.status).toBe(200);
    const leader = (await api("POST", `/api/v1/wards/${ward.id}/members`, { name: "Trần Thị Nga", role: "leader", groupId: group.id })).body;
    expect(leader.invite.telegramLink).toMatch(/^https:\/\/t\.me\/\w+\?start=[0-9A-Z]{13}$/);
    const code = new URL(leader.invite.telegramLink).searchParams.get("start")!;

    const nga = userClient(emu, TOKEN, { userId: 90001, firstName: "Nga" });
    await nga.sendCommand(`/start ${code}`);
    const [welcome] = await nga.nextBotMessages();
    expect(welcome!.text).toContain("Xin chào ông/bà Trần Thị Nga");

    const cycle = await api("POST", `/api/v1/wards/${ward.id}/cycles`, { label: "Tuần 48/2026" });
    expect(cycle.status).toBe(201);
    const [first] = await nga.nextBotMessages();
    expect(first!.text).toContain("Câu 1/7: Số hộ được vận động?");

    expect((await answer(nga, "abc")).text).toContain("Câu 1/7"); // re-asked
    expect((await answer(nga, "15 hộ")).text).toContain("Câu 2/7: Tỷ lệ hộ tham gia (%)?");
    expect((await answer(nga, "12.5")).text).toContain("12,5"); // ambiguous: re-asked with the comma form
    const choice = await answer(nga, "87,5");
    expect(choice.text).toContain("Câu 3/7: Tình hình an ninh trật tự?");
    expect(choice.buttons.flat().map((b) => b.text)).toEqual(expect.arrayContaining(["Ổn định", "Có vụ việc"]));
    await nga.pressButton(choice.buttons.flat().find((b) => b.text === "Có vụ việc")!.data!);
    expect((await nga.nextBotMessages())[0]!.text).toContain("Câu 4/8: Mô tả vụ việc");
    expect((await answer(nga, "quay lai")).text).toContain("Trả lời hiện tại: Có vụ việc");
    expect((await answer(nga, "on dinh")).text).toContain("Câu 4/7: Số tiền ủng hộ");

    // The server restarts mid-conversation: the next answer continues where it was.
    expect(await server.stop()).toBe(0);
    server = await startServer(env());
    expect((await answer(nga, "1 tỷ 2")).text).toContain("Câu 5/7: Tổ có giữ vệ sinh");
    expect((await answer(nga, "huy")).text).toContain("Đã tạm dừng");
    await nga.sendCommand("/baocao");
    expect((await nga.nextBotMessages())[0]!.text).toContain("Câu 5/7");
    expect((await answer(nga, "co")).text).toContain("Câu 6/7: Ngày họp tổ?");
    expect((await answer(nga, "bo qua")).text).toContain("Câu 7/7: Kiến nghị");
    const summary = await answer(nga, "Đề nghị sửa đèn đường ngõ 5");
    expect(summary.text).toContain("→ 1.200.000.000 đồng");
    expect(summary.text).toContain("→ 87,5");

    await nga.pressButton("c:send");
    const [receipt] = await nga.nextBotMessages();
    expect(receipt!.text).toContain("Đã nhận báo cáo Tuần 48/2026 của Tổ dân phố số 7");

    // Edit after sending: change question 1, send again.
    await nga.sendCommand("/sua");
    expect((await nga.nextBotMessages())[0]!.text).toContain("đang sửa báo cáo đã gửi");
    expect((await answer(nga, "sửa 1")).text).toContain("Câu 1/7");
    expect((await answer(nga, "16")).text).toContain("→ 16");
    await nga.pressButton("c:send");
    await nga.nextBotMessages();

    const result = (await api("GET", `/api/v1/cycles/${cycle.body.id}`)).body;
    expect(result.groups[0].reports[0]).toMatchObject({
      role: "leader",
      memberId: leader.id,
      status: "submitted",
      via: "telegram",
      answers: {
        ho_van_dong: 16,
        ty_le: 87.5,
        antt: "Ổn định",
        quy: 1_200_000_000,
        ve_sinh: true,
        kien_nghi: "Đề nghị sửa đèn đường ngõ 5",
      },
    });
    expect(result.groups[0].reports[0].answers).not.toHaveProperty("ngay_hop");
    expect(result.groups[0].reports[0].submittedAt).toMatch(/\+07:00$/);
    // Replies are paced at one per second per chat, as Telegram asks: this conversation takes a while.
  }, 90_000);

  it("answers a stranger politely and ignores ordinary talk in groups", async () => {
    const stranger = userClient(emu, TOKEN, { userId: 90002, firstName: "Khách" });
    expect((await answer(stranger, "Xin chào")).text).toContain("chưa được liên kết");
    const inGroup = userClient(emu, TOKEN, { userId: 90002, firstName: "Khách", chatId: -100900, type: "group", chatTitle: "Tổ 7" });
    await inGroup.sendCommand("/dangkynhom");
    expect((await inGroup.nextBotMessages())[0]!.text).toContain("Xin lỗi");
  });
});
