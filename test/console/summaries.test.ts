import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { WEEKLY_QUESTIONS } from "../support/reporting-ward.js";
import { startBench, type Bench } from "./harness.js";

/** Tổng hợp in real Chromium: the text chairs will read, the chart, real downloads, "gửi ngay". */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

describe.skipIf(!browser)("Tổng hợp", () => {
  it("shows the summary text and chart, downloads a valid Excel workbook and Word reports, and sends it now", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Cửa Nam" })).body;
    await bench.api("PUT", `/api/v1/wards/${ward.id}/form`, { title: "Báo cáo tuần", questions: WEEKLY_QUESTIONS });
    for (const n of [1, 2]) {
      const group = (await bench.api("POST", `/api/v1/wards/${ward.id}/groups`, { name: `Tổ ${n}` })).body;
      await bench.api("POST", `/api/v1/wards/${ward.id}/members`, { name: `Tổ trưởng ${n}`, role: "leader", groupId: group.id });
    }
    await bench.api("POST", `/api/v1/wards/${ward.id}/destinations`, { channel: "telegram", chatId: "-1001234567890", purpose: "summary", title: "Nhóm lãnh đạo phường" });
    const cycle = (await bench.api("POST", `/api/v1/wards/${ward.id}/cycles`, { label: "Tuần 49/2026" })).body;
    const report = cycle.groups[0].reports[0];
    const entered = await bench.api("PUT", `/api/v1/cycles/${cycle.id}/reports/${report.id}`, {
      answers: { ho_van_dong: "15", antt: "ổn định", quy: "212.110.000", ve_sinh: "có" },
      reason: "Báo qua điện thoại",
    });
    expect(entered.status).toBe(200);

    const { page, errors } = await bench.page({ width: 1280 });
    await page.getByRole("link", { name: "Tổng hợp" }).click();
    const text = page.getByLabel("Nội dung tổng hợp Tuần 49/2026");
    await text.waitFor();
    expect(await text.textContent()).toContain("BÁO CÁO TỔNG HỢP TUẦN 49/2026 — Phường Cửa Nam");
    expect(await text.textContent()).toContain("212.110.000 đồng");
    expect(await text.textContent()).toContain("Cán bộ phường nhập thay (tổ báo qua điện thoại): Tổ 1.");
    const chart = page.getByRole("img", { name: /Biểu đồ tổng hợp Tuần 49\/2026/ });
    await expect.poll(() => chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

    // The Excel file really downloads, and is a workbook with the group's typed row.
    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Tải bảng Excel" }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const cells = workbook.worksheets.flatMap((sheet) => sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : [])));
    expect(cells).toContain("Tổ 1");
    expect(cells).toContain(212_110_000);
    const [docx] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Tải báo cáo Word (MTTQ)" }).click()]);
    expect(docx.suggestedFilename()).toMatch(/\.docx$/);
    expect(readFileSync((await docx.path())!).subarray(0, 2).toString()).toBe("PK");

    // Gửi ngay asks first, then says where it went.
    await page.getByRole("button", { name: "Gửi ngay" }).click();
    await page.getByRole("button", { name: "Gửi bản tổng hợp Tuần 49/2026" }).click();
    await page.getByText("Đã gửi tới 1 nơi nhận.").waitFor();
    await screenshot(page, "summaries-1280");
    expect(errors).toEqual([]);
  }, 90_000);
});
