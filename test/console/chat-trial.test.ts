import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { WEEKLY_QUESTIONS } from "../support/reporting-ward.js";
import { startBench, type Bench } from "./harness.js";

/** Thử trò chuyện in real Chromium: a whole report answered with the bot's own engine, and nothing real changes. */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

describe.skipIf(!browser)("Thử trò chuyện", () => {
  it("completes a trial report by typing and pressing buttons, re-asks a bad answer, and sends nothing to the server", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Hàng Buồm" })).body;
    await bench.api("PUT", `/api/v1/wards/${ward.id}/form`, { title: "Báo cáo tuần", questions: WEEKLY_QUESTIONS });
    const group = (await bench.api("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ 1" })).body;
    await bench.api("POST", `/api/v1/wards/${ward.id}/members`, { name: "Tổ trưởng 1", role: "leader", groupId: group.id });
    const cycle = (await bench.api("POST", `/api/v1/wards/${ward.id}/cycles`, { label: "Tuần 2/2027" })).body;

    const { page, errors } = await bench.page({ width: 1280 });
    await page.getByRole("link", { name: "Thử trò chuyện" }).click();
    const writes: string[] = [];
    page.on("request", (r) => {
      if (r.method() !== "GET") writes.push(`${r.method()} ${r.url()}`);
    });
    const chat = page.getByRole("list", { name: "Cuộc trò chuyện thử" });
    const say = async (text: string) => {
      await page.getByLabel("Tin nhắn của bạn").fill(text);
      await page.getByRole("button", { name: "Gửi tin" }).click();
    };
    const press = (label: string) => page.getByRole("group", { name: "Nút bấm của bot" }).getByRole("button", { name: label, exact: true }).click();
    const lastBot = () => chat.locator("li.from-bot").last().textContent();

    await page.getByRole("button", { name: "Bắt đầu trò chuyện thử" }).click();
    await expect.poll(lastBot).toContain("Câu 1/5: Số hộ được vận động?");
    await say("nhiều lắm");
    await expect.poll(lastBot).toMatch(/ví dụ/);
    await say("12");
    await expect.poll(lastBot).toContain("Câu 2/5: Tình hình an ninh trật tự?");
    await press("Có vụ việc");
    await expect.poll(lastBot).toContain("Câu 3/6: Mô tả vụ việc");
    await say("Mất trộm xe máy");
    await say("2tr5");
    await expect.poll(lastBot).toContain("Câu 5/6: Giữ vệ sinh môi trường?");
    await press("Có");
    await press("Bỏ qua");
    await expect.poll(lastBot).toContain("Xin ông/bà xem lại báo cáo");
    expect(await lastBot()).toContain("2.500.000 đồng");
    await press("✅ Gửi");
    await page.getByText("Báo cáo thử đã hoàn tất. Đây chỉ là bản thử: không lưu vào kỳ báo cáo nào.").waitFor();
    await page.getByRole("button", { name: "Thử lại từ đầu" }).waitFor();
    await screenshot(page, "chat-trial-1280");

    // Nothing left the browser, and the real cycle is as it was.
    expect(writes).toEqual([]);
    const real = (await bench.api("GET", `/api/v1/cycles/${cycle.id}`)).body;
    expect(real.groups[0].reports[0]).toMatchObject({ status: "pending", answers: {} });
    expect(errors).toEqual([]);
  }, 90_000);
});
