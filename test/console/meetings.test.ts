import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { startBench, type Bench } from "./harness.js";

/** Hội nghị in real Chromium: create with reminders in words and invitees by role and group, live attendance, edit, cancel. */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

/** A day `days` from now in Hà Nội, as "dd/mm/yyyy" and "yyyy-mm-dd". */
function dayAhead(days: number) {
  const [d, m, y] = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" })
    .format(new Date(Date.now() + days * 86_400_000))
    .split("/");
  return { shown: `${d}/${m}/${y}`, iso: `${y}-${m}-${d}` };
}

describe.skipIf(!browser)("Hội nghị", () => {
  it("creates a meeting for chosen roles and groups, follows who comes with reasons, edits it and cancels it after confirming", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Hàng Đào" })).body;
    const groups = [];
    for (const n of [1, 2]) {
      const group = (await bench.api("POST", `/api/v1/wards/${ward.id}/groups`, { name: `Tổ ${n}` })).body;
      await bench.api("POST", `/api/v1/wards/${ward.id}/members`, { name: `Tổ trưởng ${n}`, role: "leader", groupId: group.id });
      groups.push(group);
    }
    await bench.api("POST", `/api/v1/wards/${ward.id}/members`, { name: "Chủ tịch Lan", role: "chair" });

    const { page, errors } = await bench.page({ width: 1280 });
    await page.getByRole("link", { name: "Hội nghị" }).click();
    await page.getByText("Phường chưa có hội nghị nào.").waitFor();
    const day = dayAhead(10);
    await page.getByLabel("Tên hội nghị").fill("Hội nghị sơ kết quý IV");
    await page.getByLabel("Địa điểm").fill("Nhà văn hóa phường");
    await page.getByLabel("Ngày họp").fill(day.shown);
    await page.getByLabel("Giờ họp").fill("14h");
    await page.getByRole("button", { name: "Thêm lần nhắc" }).click();
    await page.getByLabel("Lần nhắc 3: nhắc trước").fill("1");
    await page.getByLabel("Đơn vị lần nhắc 3").selectOption({ label: "tuần trước" });
    await page.getByLabel("Mời lãnh đạo phường").check();
    await page.getByText(/^Chỉ mời một số tổ /).click();
    await page.getByLabel("Mời Tổ 1").check();
    await page.getByRole("button", { name: "Tạo hội nghị" }).click();
    await page.getByText("Đã tạo “Hội nghị sơ kết quý IV”, mời 2 người.").waitFor();

    const [meeting] = (await bench.api("GET", `/api/v1/wards/${ward.id}/meetings`)).body;
    expect(meeting).toMatchObject({
      startsAt: `${day.iso}T14:00:00+07:00`,
      remindBefore: ["P3D", "PT2H", "P7D"],
      invitees: { roles: ["leader", "chair"], groupIds: [groups[0].id] },
    });
    const card = page.getByRole("article", { name: "Hội nghị sơ kết quý IV" });
    await card.getByText("Nhắc: 3 ngày trước, 2 giờ trước, 1 tuần trước.").waitFor();
    await card.getByText("Mời 2 người: 0 tham dự, 0 vắng, 2 chưa trả lời.").waitFor();

    // Answers come in through the bot; the screen follows without a reload.
    const db = new Database(bench.dbFile);
    const members = (await bench.api("GET", `/api/v1/wards/${ward.id}/members`)).body as { id: string; name: string }[];
    const chair = members.find((m) => m.name === "Chủ tịch Lan")!;
    const leader = members.find((m) => m.name === "Tổ trưởng 1")!;
    db.prepare(`UPDATE MeetingInvitee SET rsvp = 'absent', reason = 'Đi công tác tỉnh' WHERE memberId = ?`).run(chair.id);
    db.prepare(`UPDATE MeetingInvitee SET rsvp = 'attending' WHERE memberId = ?`).run(leader.id);
    db.close();
    await card.getByText("Mời 2 người: 1 tham dự, 1 vắng, 0 chưa trả lời.").waitFor({ timeout: 15_000 });
    const absentRow = card.getByRole("row", { name: /Chủ tịch Lan/ });
    expect(await absentRow.textContent()).toContain("Đi công tác tỉnh");
    expect(await card.getByRole("row", { name: /Tổ trưởng 1/ }).textContent()).toContain("Tham dự");
    await screenshot(page, "meetings-1280");

    // A time in the past is refused next to the date and what was typed stays.
    await card.getByRole("button", { name: "Sửa Hội nghị sơ kết quý IV" }).click();
    await card.getByLabel("Địa điểm").fill("Hội trường UBND phường");
    await card.getByLabel("Ngày họp").fill(dayAhead(-2).shown);
    await card.getByRole("button", { name: "Lưu thay đổi" }).click();
    await card.getByText("Thời gian hội nghị phải ở tương lai").waitFor();
    expect(await card.getByLabel("Địa điểm").inputValue()).toBe("Hội trường UBND phường");
    await card.getByLabel("Ngày họp").fill(day.shown);
    await card.getByLabel("Giờ họp").fill("15:30");
    await card.getByRole("button", { name: "Bỏ lần nhắc 3" }).click();
    await card.getByRole("button", { name: "Lưu thay đổi" }).click();
    await card.getByText("Nhắc: 3 ngày trước, 2 giờ trước.").waitFor();
    await card.getByText(/\d\d\/\d\d\/\d{4} 15:30 · Hội trường UBND phường/).waitFor();

    // Cancelling asks first and says what will happen.
    await card.getByRole("button", { name: "Huỷ Hội nghị sơ kết quý IV" }).click();
    await page.getByText("những người đã được nhắc sẽ nhận tin báo huỷ").waitFor();
    await page.getByRole("button", { name: "Huỷ hội nghị này" }).click();
    await card.getByText("Đã huỷ", { exact: true }).waitFor();
    expect((await bench.api("GET", `/api/v1/meetings/${meeting.id}`)).body.status).toBe("cancelled");

    const phone = await bench.page({ width: 360 });
    await phone.page.goto(bench.server.baseUrl + "/hoi-nghi");
    await phone.page.getByLabel("Tên hội nghị").waitFor();
    await screenshot(phone.page, "meetings-360");
    expect([...errors, ...phone.errors]).toEqual([]);
  }, 90_000);
});
