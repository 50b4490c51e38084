import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { userClient } from "../support/telegram-emulator.js";
import { BOT_TOKEN, startBench, type Bench } from "./harness.js";

/**
 * Tổng quan in real Chromium against the real server: a leader answers on (emulated) Telegram
 * and the dashboard's tile changes without a reload.
 */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

describe.skipIf(!browser)("Tổng quan", () => {
  it("shows the open cycle group by group, reminds the late, follows a report live, the summary and the meetings", async () => {
    const { api } = bench;
    const ward = (await api("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
    await api("PUT", `/api/v1/wards/${ward.id}/form`, {
      title: "Báo cáo tuần",
      questions: [{ key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", min: 0 }],
    });
    const leaders = [];
    for (const n of [1, 2, 3]) {
      const group = (await api("POST", `/api/v1/wards/${ward.id}/groups`, { name: `Tổ dân phố số ${n}` })).body;
      leaders.push((await api("POST", `/api/v1/wards/${ward.id}/members`, { name: `Tổ trưởng số ${n}`, role: "leader", groupId: group.id })).body);
    }
    const nga = userClient(bench.emu, BOT_TOKEN, { userId: 70001, firstName: "Nga" });
    await nga.sendCommand(`/start ${leaders[0].invite.code}`);
    await nga.nextBotMessages();
    const inFiveDays = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    expect((await api("PUT", `/api/v1/members/${leaders[1].id}/absence`, { until: inFiveDays })).status).toBe(200);
    const meetingAt = new Date(Date.now() + 3 * 86_400_000);
    meetingAt.setUTCHours(7, 0, 0, 0); // 14:00 in Hà Nội
    expect((await api("POST", `/api/v1/wards/${ward.id}/meetings`, {
      title: "Hội nghị sơ kết quý IV",
      kind: "so_ket",
      startsAt: meetingAt.toISOString(),
      location: "Nhà văn hóa phường",
      invitees: { roles: ["leader"] },
    })).status).toBe(201);
    const dueAt = new Date(Date.now() + 2 * 86_400_000 + 3 * 3600_000);
    const cycle = (await api("POST", `/api/v1/wards/${ward.id}/cycles`, { label: "Tuần 48/2026", dueAt: dueAt.toISOString() })).body;
    expect((await nga.nextBotMessages())[0]!.text).toContain("Số hộ được vận động?");

    const { page, errors } = await bench.page({ width: 1280 });
    await page.getByRole("heading", { name: "Kỳ báo cáo: Tuần 48/2026" }).waitFor();
    await page.getByText("0/3 tổ đã nộp").waitFor();
    await page.getByText(/Hạn nộp: Thứ \S+, \d\d\/\d\d\/\d{4} \d\d:\d\d \(còn 2 ngày( \d+ giờ)?\)/).waitFor();
    const tile = (n: number) => page.getByTestId("group-tile").filter({ has: page.getByRole("heading", { name: `Tổ dân phố số ${n}`, exact: true }) });
    expect(await tile(2).locator(".badge").textContent()).toBe("Vắng mặt");
    expect(await tile(3).locator(".badge").textContent()).toBe("Chưa nộp");
    expect(await tile(3).textContent()).toContain("Tổ trưởng tổ dân phố: Tổ trưởng số 3");

    // The reminder goes to the one leader who is bound and not away.
    await page.getByRole("button", { name: "Nhắc những tổ chưa báo cáo" }).click();
    await page.getByRole("status").getByText(/Đã gửi 1 tin nhắc\./).waitFor();
    expect((await nga.nextBotMessages())[0]!.text).toContain("chưa gửi báo cáo Tuần 48/2026");

    // The leader answers on Telegram: the open page follows without a reload.
    await nga.sendText("15");
    await nga.nextBotMessages();
    await nga.pressButton("c:send");
    await nga.nextBotMessages();
    await page.getByText("1/3 tổ đã nộp").waitFor({ timeout: 15_000 });
    expect(await tile(1).locator(".badge").textContent()).toBe("Đã nộp");
    expect(await tile(1).textContent()).toMatch(/nộp lúc \d\d\/\d\d\/\d{4} \d\d:\d\d/);

    // The latest summary (the open cycle's, provisional) with its chart, drawn by the server.
    await page.getByRole("heading", { name: "Tổng hợp gần nhất: Tuần 48/2026 (tạm tính)" }).waitFor();
    await page.getByText("Xem nội dung tổng hợp").click();
    await page.getByText(/BÁO CÁO TỔNG HỢP TUẦN 48\/2026/).waitFor();
    // Read again once the report came in, not from before it.
    await page.getByText("Đã báo cáo: 1/3").waitFor({ timeout: 15_000 });
    const chart = page.getByRole("img", { name: /Biểu đồ tổng hợp Tuần 48\/2026/ });
    await chart.waitFor();
    await page.waitForFunction(() => (document.querySelector("img.chart") as HTMLImageElement | null)?.naturalWidth! > 0);

    const meeting = page.getByRole("row").filter({ hasText: "Hội nghị sơ kết quý IV" });
    expect(await meeting.textContent()).toMatch(/Nhà văn hóa phường/);
    expect(await meeting.getByRole("cell").nth(1).textContent()).toMatch(/^Thứ \S+, \d\d\/\d\d\/\d{4} 14:00$/);
    expect(await meeting.getByRole("cell").nth(3).textContent()).toBe("0/3");

    await screenshot(page, "dashboard-1280");
    await page.setViewportSize({ width: 360, height: 800 });
    // Nothing wider than a phone: the page does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, "dashboard-360");
    expect(errors).toEqual([]);
    expect(cycle.id).toBeTruthy();
  }, 90_000);
});
