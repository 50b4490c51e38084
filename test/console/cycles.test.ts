import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { WEEKLY_QUESTIONS } from "../support/reporting-ward.js";
import { startBench, type Bench } from "./harness.js";

/** Kỳ báo cáo in real Chromium: open (and replace), the table of answers, entry on a leader's behalf, close, lock, reopen. */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

describe.skipIf(!browser)("Kỳ báo cáo", () => {
  it("opens a cycle, offers to replace an open one, enters a phoned-in report with the chat's reasons, and closes, locks and reopens", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Bạch Đằng" })).body;
    await bench.api("PUT", `/api/v1/wards/${ward.id}/form`, { title: "Báo cáo tuần", questions: WEEKLY_QUESTIONS });
    for (const n of [1, 2]) {
      const group = (await bench.api("POST", `/api/v1/wards/${ward.id}/groups`, { name: `Tổ ${n}` })).body;
      await bench.api("POST", `/api/v1/wards/${ward.id}/members`, { name: `Tổ trưởng ${n}`, role: "leader", groupId: group.id });
    }
    const { page, errors } = await bench.page({ width: 1280 });
    await page.getByRole("link", { name: "Kỳ báo cáo" }).click();

    const open = page.getByRole("form", { name: "Mở kỳ báo cáo mới" });
    await open.getByLabel("Tên kỳ báo cáo (không bắt buộc)").fill("Tuần 47/2026");
    await open.getByRole("button", { name: "Mở kỳ báo cáo" }).click();
    await page.getByRole("link", { name: "Tuần 47/2026" }).waitFor();
    // A second one while the first is open: the officer is told what replacing does, and chooses.
    await open.getByLabel("Tên kỳ báo cáo (không bắt buộc)").fill("Tuần 48/2026");
    await open.getByRole("button", { name: "Mở kỳ báo cáo" }).click();
    await open.getByText("Mở kỳ mới sẽ đóng kỳ Tuần 47/2026", { exact: false }).waitFor();
    expect((await bench.api("GET", `/api/v1/wards/${ward.id}/cycles`)).body).toHaveLength(1);
    await open.getByRole("button", { name: "Đóng kỳ Tuần 47/2026 và mở kỳ mới" }).click();
    await page.getByRole("link", { name: "Tuần 48/2026" }).click();
    await page.getByRole("heading", { name: "Kỳ báo cáo: Tuần 48/2026" }).waitFor();

    // Tổ 1's leader phoned it in: the officer types it as said; a bad answer gets the chat's reason.
    const table = page.getByRole("table");
    await expect.poll(() => table.getByRole("columnheader").allTextContents()).toContain("Số hộ được vận động?");
    await page.getByRole("button", { name: "Nhập thay báo cáo của Tổ 1" }).click();
    const entry = page.getByRole("dialog", { name: "Nhập thay báo cáo: Tổ 1" });
    await entry.getByLabel("Số hộ được vận động?").fill("mười hai con mèo");
    await entry.getByLabel("Tình hình an ninh trật tự?").selectOption("Có vụ việc");
    await entry.getByLabel("Mô tả vụ việc").fill("Mất trộm xe máy");
    await entry.getByLabel("Số tiền ủng hộ Quỹ Vì người nghèo? (không bắt buộc)").fill("2 triệu rưỡi");
    await entry.getByLabel("Giữ vệ sinh môi trường?").selectOption({ label: "Có" });
    await entry.getByRole("button", { name: "Lưu báo cáo" }).click();
    const reason = entry.locator("#" + (await entry.getByLabel("Số hộ được vận động?").getAttribute("aria-describedby"))!.split(" ").pop());
    await expect.poll(() => reason.textContent()).toMatch(/[ăâđêôơư]/);
    expect(await entry.getByLabel("Mô tả vụ việc").inputValue()).toBe("Mất trộm xe máy");
    await entry.getByLabel("Số hộ được vận động?").fill("12 hộ");
    await entry.getByLabel("Lý do nhập thay").fill("Tổ trưởng báo qua điện thoại lúc 16:30");
    await entry.getByRole("button", { name: "Lưu báo cáo" }).click();
    await entry.waitFor({ state: "detached" });

    const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Tổ 1" }) });
    await expect.poll(() => row.textContent()).toContain("2.500.000 đồng");
    expect(await row.textContent()).toContain("cán bộ phường nhập thay");
    expect(await row.textContent()).toMatch(/Đã nộp\d\d\/\d\d\/\d{4} \d\d:\d\d/);
    await row.getByRole("button", { name: "Lịch sử" }).click();
    const history = page.getByRole("region", { name: "Lịch sử báo cáo của Tổ 1" });
    await history.getByText("Cán bộ phường nhập thay", { exact: false }).waitFor();
    expect(await history.textContent()).toContain("lý do: Tổ trưởng báo qua điện thoại lúc 16:30");
    expect(await history.textContent()).toContain("báo cáo của Tổ trưởng 1");

    // Close, lock and reopen, each after saying what it does.
    await page.getByRole("button", { name: "Đóng kỳ" }).click();
    const close = page.getByRole("dialog", { name: "Đóng kỳ Tuần 48/2026?" });
    await close.getByText("Các báo cáo chưa nộp sẽ được ghi là “không nộp”", { exact: false }).waitFor();
    await close.getByRole("button", { name: "Đóng kỳ báo cáo" }).click();
    await page.getByText("Đã đóng", { exact: true }).waitFor();
    expect(await table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Tổ 2" }) }).textContent()).toContain("Không nộp");
    await page.getByRole("button", { name: "Chốt số liệu" }).click();
    await page.getByRole("dialog", { name: "Chốt số liệu kỳ Tuần 48/2026?" }).getByRole("button", { name: "Chốt số liệu" }).click();
    await page.getByText("Đã chốt số liệu", { exact: true }).waitFor();
    expect(await page.getByRole("button", { name: "Nhập thay báo cáo của Tổ 2" }).count()).toBe(0);
    await page.getByRole("button", { name: "Mở lại để nhận báo cáo muộn" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Mở lại" }).click();
    await page.getByRole("button", { name: "Nhập thay báo cáo của Tổ 2" }).waitFor();
    await screenshot(page, "cycle-1280");

    const cycles = (await bench.api("GET", `/api/v1/wards/${ward.id}/cycles`)).body;
    const cycle = (await bench.api("GET", `/api/v1/cycles/${cycles[0].id}`)).body;
    expect(cycle.groups[0].reports[0]).toMatchObject({ status: "submitted", via: "console", answers: { ho_van_dong: 12, quy: 2_500_000, ve_sinh: true } });
    expect(errors).toEqual([]);
  }, 90_000);
});
