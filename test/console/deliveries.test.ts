import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client.js";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { startBench, type Bench } from "./harness.js";

/** Gửi tin và kết nối in real Chromium: messages that did not go, why in plain words, and summary destinations. */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

describe.skipIf(!browser)("Gửi tin và kết nối", () => {
  it("lists failed, dead and waiting messages with the reason in Vietnamese, and adds and removes summary destinations", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Lý Thái Tổ" })).body;
    const { page, errors } = await bench.page({ width: 1280 });
    await page.getByRole("link", { name: "Gửi tin và kết nối" }).click();
    await page.getByText("Mọi tin nhắn đều đã gửi được.").waitFor();
    await page.getByText("Chưa có nhóm nào").waitFor();

    // A summary group: added, then named in the list of messages that did not go.
    await page.getByLabel("Mã nhóm chat").fill("-1009876543210");
    await page.getByLabel("Tên gọi nơi nhận").fill("Nhóm lãnh đạo phường");
    await page.getByRole("button", { name: "Thêm nơi nhận" }).click();
    await page.getByText("Nhóm lãnh đạo phường — Telegram, mã -1009876543210").waitFor();
    // Zalo is not connected on this server: the refusal is said in Vietnamese and what was typed stays.
    await page.getByLabel("Kênh").selectOption("zalo");
    await page.getByLabel("Mã nhóm chat").fill("zalo-group-1");
    await page.getByRole("button", { name: "Thêm nơi nhận" }).click();
    await page.getByText("Máy chủ chưa kết nối kênh Zalo, nên tin gửi vào đó sẽ không đi được").waitFor();
    expect(await page.getByLabel("Mã nhóm chat").inputValue()).toBe("zalo-group-1");

    // What the outbox recorded (as the delivery worker would): refused for good, given up, waiting for Zalo.
    const db = await createDatabase({ url: `file:${bench.dbFile}` });
    const row = (address: string, status: string, lastError: string | null, attempts: number) => ({
      address, channel: address.split(":")[0]!, payload: { text: "…" }, status, lastError, attempts, nextAttemptAt: new Date(), createdAt: new Date(),
    });
    await db.outboxMessage.createMany({
      data: [
        row("telegram:-1009876543210", "failed", "403 Forbidden: bot was kicked from the supergroup chat", 1),
        row("telegram:555000111", "dead", "network: ETIMEDOUT", 8),
        row("zalo:8800", "pending", null, 0),
      ],
    });
    await db.$disconnect();
    await page.reload();
    const table = page.getByRole("table");
    const kicked = table.getByRole("row", { name: /Nhóm lãnh đạo phường/ });
    await kicked.waitFor();
    expect(await kicked.textContent()).toContain("Bot đã bị mời ra khỏi nhóm. Xin thêm bot vào nhóm lại, hoặc đổi nơi nhận.");
    expect(await kicked.textContent()).toContain("Bị từ chối");
    const dead = table.getByRole("row", { name: /Cuộc trò chuyện 555000111/ });
    expect(await dead.textContent()).toContain("Đã thử lại nhiều lần, không được (8 lần thử)");
    expect(await dead.textContent()).toContain("Mất kết nối tới máy chủ của nền tảng");
    const waiting = table.getByRole("row", { name: /Cuộc trò chuyện 8800/ });
    expect(await waiting.textContent()).toContain("Chưa kết nối kênh Zalo trên máy chủ, nên tin đang chờ");
    await screenshot(page, "deliveries-1280");

    // Removing a destination asks first and says what will happen.
    await page.getByRole("button", { name: "Bỏ nơi nhận Nhóm lãnh đạo phường" }).click();
    await page.getByText("Đây là nơi nhận cuối cùng: từ nay bản tổng hợp được gửi riêng tới từng lãnh đạo phường.").waitFor();
    await page.getByRole("button", { name: "Bỏ nơi nhận này" }).click();
    await page.getByText("Chưa có nhóm nào").waitFor();
    expect((await bench.api("GET", `/api/v1/wards/${ward.id}/destinations`)).body).toEqual([]);

    const phone = await bench.page({ width: 360 });
    await phone.page.goto(bench.server.baseUrl + "/gui-tin");
    await phone.page.getByRole("table").waitFor();
    await screenshot(phone.page, "deliveries-360");
    expect([...errors, ...phone.errors]).toEqual([]);
  }, 90_000);
});
