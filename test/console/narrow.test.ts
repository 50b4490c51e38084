import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createDatabase } from "../../src/db/client.js";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { WEEKLY_QUESTIONS } from "../support/reporting-ward.js";
import { startBench, type Bench } from "./harness.js";

/**
 * On a 360 px phone: the page never scrolls sideways; a wide table scrolls inside its own box
 * (the group's name staying in view), and Gửi tin và kết nối shows the channels and retries a
 * message that did not go.
 */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

const pageWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

describe.skipIf(!browser)("the console at 360 px", () => {
  it("keeps one cycle's answers table scrolling inside its own box, the group name sticky, and the page 360 px wide", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Hoàn Kiếm" })).body;
    await bench.api("PUT", `/api/v1/wards/${ward.id}/form`, { title: "Báo cáo tuần", questions: WEEKLY_QUESTIONS });
    for (const n of [1, 2, 3]) {
      const group = (await bench.api("POST", `/api/v1/wards/${ward.id}/groups`, { name: `Tổ dân phố số ${n}` })).body;
      await bench.api("POST", `/api/v1/wards/${ward.id}/members`, { name: `Tổ trưởng ${n}`, role: "leader", groupId: group.id });
    }
    const cycle = (await bench.api("POST", `/api/v1/wards/${ward.id}/cycles`, { label: "Tuần 49/2026" })).body;
    const { page, errors } = await bench.page({ width: 360 });
    await page.goto(`${bench.server.baseUrl}/ky-bao-cao?ky=${cycle.id}`);
    await page.getByRole("heading", { name: "Kỳ báo cáo: Tuần 49/2026" }).waitFor();
    const table = page.getByRole("table");
    await table.getByRole("rowheader", { name: "Tổ dân phố số 1" }).waitFor();

    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    const box = page.getByRole("region", { name: "Các tổ và câu trả lời" });
    const sizes = await box.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client); // the questions are there, to the side
    // Scrolled to the last question, the group's name is still in view at the left.
    await box.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const name = table.getByRole("rowheader", { name: "Tổ dân phố số 1" });
    const [nameBox, wrapBox] = [await name.boundingBox(), await box.boundingBox()];
    expect(nameBox!.x).toBeGreaterThanOrEqual(wrapBox!.x - 1);
    expect(nameBox!.x).toBeLessThan(wrapBox!.x + 10);
    await screenshot(page, "cycle-detail-360");

    // The other screens touched here: the list of cycles, and Gửi tin và kết nối.
    await page.goto(`${bench.server.baseUrl}/ky-bao-cao`);
    await page.getByRole("link", { name: "Tuần 49/2026" }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
  }, 90_000);

  it("shows each channel's state and sends a message that did not go again, at 360 px", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Cửa Nam" })).body;
    const destination = (await bench.api("POST", `/api/v1/wards/${ward.id}/destinations`, { channel: "telegram", chatId: "-1004445556667", purpose: "summary", title: "Nhóm lãnh đạo Cửa Nam" })).body;
    const db = await createDatabase({ url: `file:${bench.dbFile}` });
    const { id } = await db.outboxMessage.create({
      data: { address: `telegram:${destination.chatId}`, channel: "telegram", payload: { text: "Tổng hợp" }, status: "dead", lastError: "network: ETIMEDOUT", attempts: 8, nextAttemptAt: new Date(), createdAt: new Date() },
    });
    await db.$disconnect();

    const { page, errors } = await bench.page({ width: 360 });
    await page.goto(`${bench.server.baseUrl}/gui-tin`);
    await page.getByLabel("Phường/xã").selectOption(ward.id);
    const channels = page.getByRole("region", { name: "Tình trạng kết nối" });
    const telegram = channels.getByRole("listitem", { name: "Telegram" });
    await telegram.waitFor();
    expect(await telegram.textContent()).toContain("Đã kết nối");
    expect(await telegram.textContent()).toContain("Polling");
    expect(await telegram.textContent()).toContain("Mất kết nối tới máy chủ của nền tảng");
    expect(await channels.getByRole("listitem", { name: "Zalo OA" }).textContent()).toContain("Phường/xã chưa kết nối Zalo OA của mình.");

    const row = page.getByRole("row", { name: /Nhóm lãnh đạo Cửa Nam/ });
    expect(await row.textContent()).toContain("Mất kết nối tới máy chủ của nền tảng nhiều lần liền.");
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    await screenshot(page, "deliveries-channels-360");

    await row.getByRole("button", { name: "Gửi lại tin tới Nhóm lãnh đạo Cửa Nam" }).click();
    const confirm = page.getByRole("dialog", { name: "Gửi lại tin tới Nhóm lãnh đạo Cửa Nam?" });
    await confirm.getByText("Tin nhắn sẽ được gửi lại qua Telegram.").waitFor();
    await confirm.getByRole("button", { name: "Gửi lại" }).click();
    await page.getByText("Đã đưa 1 tin nhắn vào hàng chờ gửi lại.").waitFor();
    const audit = (await bench.api("GET", `/api/v1/audit?unitId=${ward.id}`)).body;
    expect(audit.find((e: any) => e.action === "delivery.retry")).toMatchObject({ entity: "delivery", entityId: id });
    expect(errors).toEqual([]);
  }, 90_000);
});
