import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { startBench, type Bench } from "./harness.js";

/** Mẫu báo cáo in real Chromium: questions added, reordered, removed, skip logic, the chat preview, versions. */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

describe.skipIf(!browser)("Mẫu báo cáo", () => {
  it("builds a form with typed questions and skip logic, previews it as the chat will ask, and saves a new version", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Hàng Bạc" })).body;
    const { page, errors } = await bench.page({ width: 1280 });
    await page.getByRole("link", { name: "Mẫu báo cáo" }).click();
    await page.getByText("Phường chưa có mẫu báo cáo").waitFor();

    // Câu 1: a count with bounds; the preview asks it as the bot does.
    await page.getByLabel("Nội dung câu 1").fill("Số hộ được vận động?");
    await page.getByLabel("Giá trị nhỏ nhất câu 1").fill("0");
    await page.getByLabel("Giá trị lớn nhất câu 1").fill("500");
    const preview = page.getByRole("list", { name: "Tin nhắn tổ trưởng sẽ nhận" });
    await expect.poll(() => preview.textContent()).toContain("Câu 1/1: Số hộ được vận động?");
    expect(await preview.textContent()).toContain("Xin trả lời bằng số, ví dụ: 12.");

    // Câu 2: a choice; Câu 3 asked only when câu 2 says "Có vụ việc".
    await page.getByRole("button", { name: "Thêm câu hỏi" }).click();
    await page.getByLabel("Nội dung câu 2").fill("Tình hình an ninh trật tự?");
    await page.getByLabel("Kiểu trả lời câu 2").selectOption("choice");
    await page.getByLabel("Các lựa chọn của câu 2").fill("Ổn định\nCó vụ việc");
    await page.getByRole("button", { name: "Thêm câu hỏi" }).click();
    await page.getByLabel("Nội dung câu 3").fill("Mô tả vụ việc");
    await page.getByLabel("Kiểu trả lời câu 3").selectOption("text");
    await page.getByLabel("Chỉ hỏi câu 3 khi").selectOption({ label: "Câu 2: Tình hình an ninh trật tự?" });
    await page.getByLabel("Câu 3 hỏi khi câu trả lời là").selectOption("Có vụ việc");
    await expect.poll(() => preview.textContent()).toContain("Chỉ hỏi khi câu “Tình hình an ninh trật tự?” được trả lời “Có vụ việc”.");
    expect(await preview.textContent()).toContain("Câu 3/3: Mô tả vụ việc");
    expect(await preview.getByText("Có vụ việc", { exact: true }).count()).toBe(1);

    // Câu 4: money, then moved up above the choice; a 5th question is added then removed, after confirming.
    await page.getByRole("button", { name: "Thêm câu hỏi" }).click();
    await page.getByLabel("Nội dung câu 4").fill("Số tiền ủng hộ Quỹ Vì người nghèo?");
    await page.getByLabel("Kiểu trả lời câu 4").selectOption("money");
    await page.getByLabel("Bắt buộc trả lời câu 4").uncheck();
    await page.getByRole("button", { name: "Đưa câu 4 lên trên" }).click();
    await page.getByRole("button", { name: "Đưa câu 3 lên trên" }).click();
    expect(await page.getByLabel("Nội dung câu 2").inputValue()).toBe("Số tiền ủng hộ Quỹ Vì người nghèo?");
    await expect.poll(() => preview.textContent()).toContain("Câu này không bắt buộc");
    await page.getByRole("button", { name: "Thêm câu hỏi" }).click();
    await page.getByLabel("Nội dung câu 5").fill("Câu thừa");
    await page.getByRole("button", { name: "Xoá câu 5" }).click();
    await page.getByText("Câu “Câu thừa” sẽ bị bỏ khỏi mẫu").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Xoá câu 5" }).click();
    expect(await page.getByLabel("Nội dung câu 5").count()).toBe(0);

    // A bad bound is caught next to its field and nothing typed is lost.
    await page.getByLabel("Giá trị lớn nhất câu 1").fill("-5");
    await page.getByRole("button", { name: "Lưu mẫu báo cáo" }).click();
    await page.getByText("Giá trị lớn nhất không được nhỏ hơn giá trị nhỏ nhất.").waitFor();
    expect(await page.getByLabel("Nội dung câu 4").inputValue()).toBe("Mô tả vụ việc");
    await page.getByLabel("Giá trị lớn nhất câu 1").fill("500");
    await page.getByRole("button", { name: "Lưu mẫu báo cáo" }).click();
    await page.getByText(/Đã lưu phiên bản 1 lúc \d\d\/\d\d\/\d{4} \d\d:\d\d/).waitFor();
    await screenshot(page, "form-editor-1280");

    const form = (await bench.api("GET", `/api/v1/wards/${ward.id}/form`)).body;
    expect(form.version).toBe(1);
    expect(form.questions).toEqual([
      { key: "so_ho_duoc_van_dong", text: "Số hộ được vận động?", type: "integer", required: true, min: 0, max: 500 },
      { key: "so_tien_ung_ho_quy_vi_nguoi_ng", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
      { key: "tinh_hinh_an_ninh_trat_tu", text: "Tình hình an ninh trật tự?", type: "choice", required: true, options: ["Ổn định", "Có vụ việc"] },
      { key: "mo_ta_vu_viec", text: "Mô tả vụ việc", type: "text", required: true, showIf: { key: "tinh_hinh_an_ninh_trat_tu", equals: "Có vụ việc" } },
    ]);

    // Saving again makes version 2; a reload shows the saved form.
    await page.getByLabel("Nội dung câu 1").fill("Số hộ đã được vận động trong tuần?");
    await page.getByRole("button", { name: "Lưu mẫu báo cáo" }).click();
    await page.getByText(/Đã lưu phiên bản 2/).waitFor();
    await page.reload();
    await page.getByText("Đang dùng phiên bản 2").waitFor();
    expect(await page.getByLabel("Chỉ hỏi câu 4 khi").locator("option:checked").textContent()).toBe("Câu 3: Tình hình an ninh trật tự?");
    const phone = await bench.page({ width: 360 });
    await phone.page.goto(bench.server.baseUrl + "/mau-bao-cao");
    await phone.page.getByLabel("Nội dung câu 1").waitFor();
    await screenshot(phone.page, "form-editor-360");
    expect([...errors, ...phone.errors]).toEqual([]);
  }, 90_000);
});
