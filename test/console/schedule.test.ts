import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { startBench, type Bench } from "./harness.js";

/** Lịch in real Chromium: days and hours instead of cron, the next runs with dates, the ward's days off. */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

const ddmmyyyy = (date: string) => date.split("-").reverse().join("/");

describe.skipIf(!browser)("Lịch", () => {
  it("sets the week in human terms, shows the next runs with dates, and skips a day off the ward adds", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Đồng Xuân" })).body;
    const { page, errors } = await bench.page({ width: 1280 });
    await page.getByRole("link", { name: "Lịch", exact: true }).click();
    const sentence = page.locator(".schedule-sentence");
    await expect.poll(() => sentence.textContent()).toBe("Lịch: mở Thứ Hai 08:00, nhắc Thứ Năm 17:00, hạn Thứ Sáu 17:00, gửi tổng hợp Thứ Bảy 08:00.");

    // A time that cannot be is said next to its field, and saving waits for it.
    await page.getByLabel("Hạn nộp báo cáo — giờ").fill("25:00");
    await page.getByText("Giờ chưa đúng: xin nhập theo 24 giờ, ví dụ 17:00.").waitFor();
    await page.getByRole("button", { name: "Lưu lịch" }).click();
    await page.getByText("Chưa lưu. Xin chọn đủ giờ").waitFor();
    expect((await bench.api("GET", `/api/v1/wards/${ward.id}/schedule`)).status).toBe(404);
    await page.getByLabel("Hạn nộp báo cáo — giờ").fill("16h30");
    await page.getByLabel("Gửi tổng hợp — ngày").selectOption({ label: "Chủ nhật" });
    await page.getByRole("button", { name: "Thêm lần nhắc" }).click();
    await page.getByLabel("Lần nhắc 2 — ngày").selectOption({ label: "Thứ Sáu" });
    await page.getByLabel("Lần nhắc 2 — giờ").fill("08:00");
    await expect.poll(() => sentence.textContent()).toBe("Lịch: mở Thứ Hai 08:00, nhắc Thứ Năm 17:00 và Thứ Sáu 08:00, hạn Thứ Sáu 16:30, gửi tổng hợp Chủ nhật 08:00.");
    await page.getByRole("button", { name: "Lưu lịch" }).click();
    await page.getByText("Đã lưu lịch:").waitFor();

    const saved = (await bench.api("GET", `/api/v1/wards/${ward.id}/schedule`)).body;
    expect(saved).toMatchObject({ enabled: true, opensAt: "0 8 * * 1", remindAt: ["0 17 * * 4", "0 8 * * 5"], dueAt: "30 16 * * 5", summaryAt: "0 8 * * 0", skipHolidays: true });
    // The next deadlines, dated as the server computed them, in dd/mm/yyyy and 24 h.
    const deadlines = page.getByRole("list", { name: "Các lần hạn nộp tới" });
    await deadlines.getByRole("listitem").first().waitFor();
    const firstDue = saved.nextRuns.dueAt[0] as string;
    expect(await deadlines.getByRole("listitem").first().textContent()).toBe(`Thứ Sáu, ${ddmmyyyy(firstDue.slice(0, 10))} 16:30`);
    expect(await deadlines.getByRole("listitem").count()).toBe(5);

    // A local day off on the next reminder's day: listed, and that reminder is marked skipped.
    const firstReminder = (saved.nextRuns.remindAt[0] as string).slice(0, 10);
    await page.getByLabel("Ngày nghỉ", { exact: true }).fill(ddmmyyyy(firstReminder));
    await page.getByLabel("Lý do nghỉ").fill("Lễ hội đình làng");
    await page.getByRole("button", { name: "Thêm ngày nghỉ" }).click();
    await page.getByText(`${ddmmyyyy(firstReminder)} — Lễ hội đình làng`).waitFor();
    const reminders = page.getByRole("list", { name: "Các lần nhắc tới" });
    await expect.poll(() => reminders.getByRole("listitem").first().textContent()).toContain(`bỏ qua (Lễ hội đình làng, ${ddmmyyyy(firstReminder)})`);
    await screenshot(page, "schedule-1280");

    // Removing it asks first and says what will happen.
    await page.getByRole("button", { name: `Bỏ ngày nghỉ ${ddmmyyyy(firstReminder)}` }).click();
    await page.getByText(`Ngày ${ddmmyyyy(firstReminder)} sẽ thành ngày làm việc bình thường`).waitFor();
    await page.getByRole("button", { name: "Bỏ ngày nghỉ này" }).click();
    await page.getByText("Chưa có ngày nghỉ riêng.").waitFor();
    expect((await bench.api("GET", `/api/v1/wards/${ward.id}/days-off`)).body.localDaysOff).toEqual([]);
    expect(await reminders.getByRole("listitem").first().textContent()).not.toContain("bỏ qua");

    const phone = await bench.page({ width: 360 });
    await phone.page.goto(bench.server.baseUrl + "/lich");
    await phone.page.getByLabel("Mở kỳ báo cáo — ngày").waitFor();
    await screenshot(phone.page, "schedule-360");
    expect([...errors, ...phone.errors]).toEqual([]);
  }, 90_000);
});
