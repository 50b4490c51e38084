import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { WEEKLY_QUESTIONS } from "../support/reporting-ward.js";
import { startBench, type Bench } from "./harness.js";

/**
 * Thử trò chuyện in real Chromium: an admin plays a tổ trưởng and talks to the real bot (the
 * server's conversation engine, on the web channel), answers the whole form by typing and by
 * pressing its buttons, and sees the confirmation; the ward's real cycle is as it was.
 */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

describe.skipIf(!browser)("Thử trò chuyện", () => {
  it("completes a report with the real bot as a leader, and the real cycle's figures do not change", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Hàng Buồm" })).body;
    await bench.api("PUT", `/api/v1/wards/${ward.id}/form`, { title: "Báo cáo tuần", questions: WEEKLY_QUESTIONS });
    const group = (await bench.api("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ 1" })).body;
    await bench.api("POST", `/api/v1/wards/${ward.id}/members`, { name: "Nguyễn Văn Tuấn", role: "leader", groupId: group.id });
    const cycle = (await bench.api("POST", `/api/v1/wards/${ward.id}/cycles`, { label: "Tuần 2/2027" })).body;
    const before = {
      cycles: (await bench.api("GET", `/api/v1/wards/${ward.id}/cycles`)).body,
      summary: (await bench.api("GET", `/api/v1/cycles/${cycle.id}/summary`)).body.text,
    };

    const { page, errors } = await bench.page({ width: 1280 });
    await page.getByRole("link", { name: "Thử trò chuyện" }).click();
    await page.getByText("Chế độ thử — không tính vào báo cáo thật.").waitFor();
    await page.getByLabel("Đóng vai").selectOption({ label: "Nguyễn Văn Tuấn — Tổ trưởng tổ dân phố, Tổ 1" });
    await page.getByRole("button", { name: "Bắt đầu trò chuyện thử" }).click();

    const chat = page.getByRole("list", { name: "Cuộc trò chuyện thử" });
    const lastBot = () => chat.locator("li.from-bot").last().textContent();
    const say = async (text: string) => {
      await page.getByLabel("Tin nhắn của bạn").fill(text);
      await page.getByRole("button", { name: "Gửi tin" }).click();
    };
    const press = (label: string) => page.getByRole("group", { name: "Nút bấm của trợ lý" }).getByRole("button", { name: label, exact: true }).click();

    // The opening a real cycle would send, from the server's engine.
    await expect.poll(lastBot).toContain("Kính gửi ông/bà Nguyễn Văn Tuấn, kỳ báo cáo Kỳ thử đã mở");
    expect(await lastBot()).toContain("Câu 1/5: Số hộ được vận động?");
    await say("nhiều lắm");
    await expect.poll(lastBot).toMatch(/ví dụ/);
    await say("12");
    await expect.poll(lastBot).toContain("Câu 2/5: Tình hình an ninh trật tự?");
    await press("Có vụ việc");
    await expect.poll(lastBot).toContain("Câu 3/6: Mô tả vụ việc");
    await say("Mất trộm xe máy");
    await expect.poll(lastBot).toContain("Câu 4/6");
    await say("2tr5");
    await expect.poll(lastBot).toContain("Câu 5/6: Giữ vệ sinh môi trường?");
    await press("Có");
    await expect.poll(lastBot).toContain("Câu 6/6");
    await press("Bỏ qua");
    await expect.poll(lastBot).toContain("Xin ông/bà xem lại báo cáo Kỳ thử");
    expect(await lastBot()).toContain("2.500.000 đồng");
    await press("✅ Gửi");
    await expect.poll(lastBot).toContain("Đã nhận báo cáo Kỳ thử của Tổ 1");
    await page.getByText("Tổ 1 — đã gửi (thử)", { exact: false }).waitFor();
    await screenshot(page, "chat-trial-1280");

    // The ward's real cycle: the same list, the leader's report still pending, the same summary.
    expect((await bench.api("GET", `/api/v1/wards/${ward.id}/cycles`)).body).toEqual(before.cycles);
    expect((await bench.api("GET", `/api/v1/cycles/${cycle.id}`)).body.groups[0].reports[0]).toMatchObject({ status: "pending", answers: {} });
    expect((await bench.api("GET", `/api/v1/cycles/${cycle.id}/summary`)).body.text).toBe(before.summary);

    // Ending the session says what happens, then clears the chat.
    await page.getByRole("button", { name: "Kết thúc phiên thử" }).click();
    await page.getByRole("dialog", { name: "Kết thúc phiên thử?" }).getByRole("button", { name: "Kết thúc và xoá" }).click();
    await chat.waitFor({ state: "detached" });
    expect(errors).toEqual([]);
  }, 120_000);

  it("lets a newcomer try pairing at 360 px, with the keyboard", async () => {
    const { page, errors } = await bench.page({ width: 360 });
    await page.getByRole("link", { name: "Thử trò chuyện" }).click();
    await page.getByLabel("Đóng vai").waitFor();
    await page.getByLabel("Đóng vai").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    const chat = page.getByRole("list", { name: "Cuộc trò chuyện thử" });
    await expect.poll(() => chat.locator("li.from-bot").last().textContent()).toContain("Xin gửi vào đây mã mời");
    await page.getByLabel("Tin nhắn của bạn").fill("ABCD1234EFGH5");
    await page.keyboard.press("Enter");
    await expect.poll(() => chat.locator("li.from-bot").last().textContent()).toContain("Mã mời không đúng");
    await screenshot(page, "chat-trial-360");
    expect(errors).toEqual([]);
  }, 60_000);
});
