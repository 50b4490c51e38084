import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { startBench, type Bench } from "./harness.js";

/** Editing, moving, deactivating and restoring groups and people, in real Chromium. */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

describe.skipIf(!browser)("Tổ dân phố và người phụ trách: sửa, chuyển tổ, ngừng hoạt động, khôi phục", () => {
  it("edits and moves a person, deactivates and restores them after a dialog that says what happens; rows are cards at 360 px", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Đồng Tâm" })).body;
    const one = (await bench.api("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ 1" })).body;
    const two = (await bench.api("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ 2" })).body;
    const person = (await bench.api("POST", `/api/v1/wards/${ward.id}/members`, { name: "Trần Văn Bình", role: "leader", groupId: one.id, phone: "0912000111" })).body;
    const { page, errors } = await bench.page({ width: 360 });
    await page.goto(bench.server.baseUrl + "/to-dan-pho");
    const row = () => page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /Trần Văn (Bình|Bính)/ }) });
    await row().waitFor();

    // A card, not a sideways-scrolling table: nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await row().evaluate((tr) => getComputedStyle(tr).display)).toBe("block");

    // Edit: the name is corrected and the person moves to Tổ 2; the dialog says what moving does.
    await row().getByRole("button", { name: "Sửa" }).click();
    const edit = page.getByRole("dialog", { name: "Sửa thông tin Trần Văn Bình" });
    await edit.getByLabel("Họ tên").fill("");
    await edit.getByRole("button", { name: "Lưu thay đổi" }).click();
    await edit.getByText("Xin nhập họ tên (tối đa 120 ký tự).").waitFor();
    await edit.getByLabel("Họ tên").fill("Trần Văn Bính");
    await edit.getByLabel("Số điện thoại (không bắt buộc)").fill("12345");
    await edit.getByLabel("Tổ dân phố").selectOption({ label: "Tổ 2" });
    await edit.getByText("Trần Văn Bình sẽ chuyển từ Tổ 1 sang Tổ 2.", { exact: false }).waitFor();
    await edit.getByRole("button", { name: "Lưu thay đổi" }).click();
    // The server's word on the phone, in Vietnamese next to the field; the typed name is kept.
    await edit.getByText("Số điện thoại không hợp lệ: cần 10 chữ số, bắt đầu bằng 0", { exact: false }).waitFor();
    expect(await edit.getByLabel("Họ tên").inputValue()).toBe("Trần Văn Bính");
    await edit.getByLabel("Số điện thoại (không bắt buộc)").fill("0912 000 111");
    await edit.getByRole("button", { name: "Lưu thay đổi" }).click();
    await edit.waitFor({ state: "detached" });
    await page.getByRole("rowheader", { name: "Trần Văn Bính" }).waitFor();
    expect(await row().getByRole("cell").nth(1).textContent()).toBe("Tổ 2");
    expect((await bench.api("GET", `/api/v1/members/${person.id}`)).body).toMatchObject({ name: "Trần Văn Bính", groupId: two.id });

    // Deactivate: the dialog says what will happen; cancelling changes nothing.
    await row().getByRole("button", { name: "Ngừng hoạt động" }).click();
    const archive = page.getByRole("dialog", { name: "Ngừng hoạt động Trần Văn Bính?" });
    await archive.getByText("sẽ bị ngắt kết nối với bot trên mọi kênh", { exact: false }).waitFor();
    await archive.getByText("Các báo cáo người này đã nộp vẫn giữ nguyên.", { exact: false }).waitFor();
    await archive.getByRole("button", { name: "Thôi, không làm" }).click();
    expect((await bench.api("GET", `/api/v1/members/${person.id}`)).body.archivedAt).toBeNull();
    await row().getByRole("button", { name: "Ngừng hoạt động" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Ngừng hoạt động người này" }).click();
    await page.getByRole("rowheader", { name: "Trần Văn Bính" }).waitFor({ state: "detached" });
    expect((await bench.api("GET", `/api/v1/members/${person.id}`)).body.archivedAt).not.toBeNull();

    // Shown again on demand, and restored.
    await page.getByLabel("Hiện cả tổ và người đã ngừng hoạt động", { exact: false }).check();
    await row().getByRole("button", { name: "Khôi phục" }).click();
    await page.getByRole("dialog", { name: "Khôi phục Trần Văn Bính?" }).getByText("cần một mã mời mới", { exact: false }).waitFor();
    await page.getByRole("button", { name: "Khôi phục người này" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    expect((await bench.api("GET", `/api/v1/members/${person.id}`)).body.archivedAt).toBeNull();
    await screenshot(page, "people-edit-360");
    expect(errors).toEqual([]);
  }, 90_000);

  it("renames a group, deactivates it after saying what happens to its reports and people, and restores it", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Xã Đông Hội" })).body;
    const group = (await bench.api("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Thôn Đoài" })).body;
    await bench.api("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Thôn Đông" });
    await bench.api("POST", `/api/v1/wards/${ward.id}/members`, { name: "Lê Thị Hoa", role: "leader", groupId: group.id });
    const { page, errors } = await bench.page({ width: 1280 });
    await page.goto(bench.server.baseUrl + "/to-dan-pho");
    await page.getByLabel("Phường/xã").selectOption({ label: "Xã Đông Hội" });

    await page.getByRole("button", { name: "Đổi tên Thôn Đoài" }).click();
    const rename = page.getByRole("dialog", { name: "Đổi tên Thôn Đoài" });
    await rename.getByLabel("Tên mới của tổ").fill("thôn đông");
    await rename.getByRole("button", { name: "Lưu tên mới" }).click();
    await rename.getByText("Phường đã có tổ dân phố trùng tên này", { exact: false }).waitFor();
    await rename.getByLabel("Tên mới của tổ").fill("Thôn Đoài Thượng");
    await rename.getByRole("button", { name: "Lưu tên mới" }).click();
    await page.getByRole("listitem").filter({ hasText: "Thôn Đoài Thượng — 1 người" }).waitFor();

    await page.getByRole("button", { name: "Ngừng hoạt động Thôn Đoài Thượng" }).click();
    const dialog = page.getByRole("dialog", { name: "Ngừng hoạt động Thôn Đoài Thượng?" });
    await dialog.getByText("bot không hỏi và không nhắc tổ này nữa", { exact: false }).waitFor();
    await dialog.getByText("1 người của tổ vẫn giữ nguyên", { exact: false }).waitFor();
    await dialog.getByRole("button", { name: "Ngừng hoạt động tổ" }).click();
    await page.getByRole("listitem").filter({ hasText: "Thôn Đoài Thượng" }).waitFor({ state: "detached" });
    expect((await bench.api("GET", `/api/v1/groups/${group.id}`)).body.archivedAt).not.toBeNull();
    // An archived group is not offered to new people.
    const add = page.getByRole("form", { name: "Thêm người phụ trách" });
    expect(await add.getByLabel("Tổ dân phố").locator("option").allTextContents()).toEqual(["— Chọn tổ —", "Thôn Đông"]);

    await page.getByLabel("Hiện cả tổ và người đã ngừng hoạt động", { exact: false }).check();
    await page.getByRole("button", { name: "Khôi phục Thôn Đoài Thượng" }).click();
    await page.getByRole("button", { name: "Khôi phục tổ" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    expect((await bench.api("GET", `/api/v1/groups/${group.id}`)).body.archivedAt).toBeNull();
    expect(errors).toEqual([]);
  }, 90_000);
});
