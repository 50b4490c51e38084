import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { userClient } from "../support/telegram-emulator.js";
import { BOT_TOKEN, startBench, type Bench } from "./harness.js";

/** Tổ dân phố và người phụ trách in real Chromium against the real server. */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

describe.skipIf(!browser)("Tổ dân phố và người phụ trách", () => {
  it("adds a group and a person (errors next to the fields, nothing typed lost), shows the binding per channel, issues a new invitation", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
    const { page, errors } = await bench.page({ width: 360 });
    await page.getByRole("link", { name: "Tổ dân phố và người phụ trách" }).click();

    const addGroup = page.getByRole("form", { name: "Thêm tổ dân phố" });
    await addGroup.getByRole("button", { name: "Thêm tổ" }).click();
    await addGroup.getByText("Xin nhập tên tổ dân phố.").waitFor();
    await addGroup.getByLabel("Tên tổ dân phố").fill("Tổ dân phố số 1");
    await addGroup.getByRole("button", { name: "Thêm tổ" }).click();
    await page.getByRole("listitem").filter({ hasText: "Tổ dân phố số 1 — 0 người" }).waitFor();
    // The same name again: refused, in Vietnamese.
    await addGroup.getByLabel("Tên tổ dân phố").fill("Tổ dân phố số 1");
    await addGroup.getByRole("button", { name: "Thêm tổ" }).click();
    await addGroup.getByText("Phường đã có tổ dân phố trùng tên này.").waitFor();

    const addPerson = page.getByRole("form", { name: "Thêm người phụ trách" });
    await addPerson.getByLabel("Họ tên").fill("Nguyễn Văn An");
    await addPerson.getByLabel("Số điện thoại (không bắt buộc)").fill("12345");
    await addPerson.getByRole("button", { name: "Thêm người" }).click();
    await addPerson.getByText("Xin chọn tổ dân phố của người này.").waitFor();
    await addPerson.getByText("Số điện thoại chưa đúng (ví dụ 0912 345 678).").waitFor();
    expect(await addPerson.getByLabel("Họ tên").inputValue()).toBe("Nguyễn Văn An");
    expect(await addPerson.getByLabel("Tổ dân phố").getAttribute("aria-invalid")).toBe("true");
    await addPerson.getByLabel("Tổ dân phố").selectOption({ label: "Tổ dân phố số 1" });
    await addPerson.getByLabel("Số điện thoại (không bắt buộc)").fill("0912 345 678");
    await addPerson.getByRole("button", { name: "Thêm người" }).click();
    const first = addPerson.getByRole("status", { name: "Mã mời của Nguyễn Văn An" });
    await first.waitFor();
    const code = (await first.locator(".code").textContent())!;
    expect(code).toMatch(/^[0-9A-Z]{13}$/);
    expect(await first.getByRole("link").getAttribute("href")).toMatch(new RegExp(`^https://t\\.me/\\w+\\?start=${code}$`));
    expect(await first.textContent()).toMatch(/dùng được đến \d\d\/\d\d\/\d{4} \d\d:\d\d/);

    const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Nguyễn Văn An" }) });
    expect(await row.textContent()).toContain("Tổ trưởng tổ dân phố");
    expect(await row.getByRole("cell").nth(3).textContent()).toBe("Chưa kết nối"); // Telegram
    expect(await row.getByRole("cell").nth(4).textContent()).toBe("Chưa kết nối"); // Zalo

    // He opens the link on Telegram: the console shows him bound there (and still not on Zalo).
    const an = userClient(bench.emu, BOT_TOKEN, { userId: 80001, firstName: "An" });
    await an.sendCommand(`/start ${code}`);
    await an.nextBotMessages();
    await page.reload();
    await expect(row.getByRole("cell").nth(3).textContent()).resolves.toMatch(/^Đã kết nối \d\d\/\d\d\/\d{4}$/);
    expect(await row.getByRole("cell").nth(4).textContent()).toBe("Chưa kết nối");

    // A new invitation asks first, then replaces the old code.
    await row.getByRole("button", { name: "Tạo mã mời mới cho Nguyễn Văn An" }).click();
    await page.getByText("Mã mời cũ của Nguyễn Văn An sẽ không dùng được nữa. Tạo mã mới?").waitFor();
    await page.getByRole("button", { name: "Tạo mã mới" }).click();
    const fresh = page.getByRole("status", { name: "Mã mời của Nguyễn Văn An" });
    await fresh.waitFor();
    expect(await fresh.locator(".code").textContent()).not.toBe(code);

    const members = (await bench.api("GET", `/api/v1/wards/${ward.id}/members`)).body;
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ name: "Nguyễn Văn An", phone: expect.stringContaining("912345678") });
    await screenshot(page, "people-360");
    expect(errors).toEqual([]);
  }, 60_000);

  it("imports a CSV: each bad line is shown by its number and nothing is saved; the corrected file goes in", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Xã Tân Lập" })).body;
    const { page, errors } = await bench.page({ width: 1280 });
    await page.goto(bench.server.baseUrl + "/to-dan-pho");
    await page.getByLabel("Phường/xã").selectOption({ label: "Xã Tân Lập" });
    const form = page.getByRole("form", { name: "Nhập danh sách từ tệp CSV" });
    const bad = ["Tổ,Vai trò,Họ tên,Số điện thoại", "Thôn 1,Tổ trưởng,Lê Thị Bình,0912000001", "Thôn 2,Bí thư,Phạm Văn Cường,0912000002", "Thôn 2,Tổ trưởng,,abc"].join("\n");
    await form.getByLabel("Tệp CSV").setInputFiles({ name: "to-dan-pho.csv", mimeType: "text/csv", buffer: Buffer.from("\uFEFF" + bad) });
    // The file is read asynchronously: wait until its text is in the box.
    await expect.poll(() => form.getByLabel("Nội dung CSV").inputValue()).toBe(bad);
    await form.getByRole("button", { name: "Kiểm tra và nhập" }).click();
    await form.getByText("Tệp có 2 dòng sai; chưa có gì được lưu.", { exact: false }).waitFor();
    const line = (n: number) => form.getByRole("table", { name: "Các dòng của tệp và lỗi" }).getByRole("row").filter({ has: page.getByRole("cell", { name: String(n), exact: true }) });
    expect(await line(3).textContent()).toContain('vai trò "Bí thư" không hợp lệ');
    expect(await line(4).textContent()).toContain("thiếu họ tên");
    expect(await line(2).getByRole("cell").nth(2).textContent()).toBe("");
    expect((await bench.api("GET", `/api/v1/wards/${ward.id}/members`)).body).toEqual([]);
    await screenshot(page, "import-errors-1280");

    // Corrected where it was typed: the officer edits the text and sends it again.
    await form.getByLabel("Nội dung CSV").fill(bad.replace("Bí thư", "Trưởng ban CTMT").replace(",,abc", ",Đỗ Văn Dũng,"));
    await form.getByRole("button", { name: "Kiểm tra và nhập" }).click();
    await form.getByText("Đã nhập 3 người, tạo thêm 2 tổ.").waitFor();
    await page.getByRole("rowheader", { name: "Phạm Văn Cường" }).waitFor();
    expect((await bench.api("GET", `/api/v1/wards/${ward.id}/members`)).body).toHaveLength(3);
    expect(errors).toEqual([]);
  }, 60_000);
});
