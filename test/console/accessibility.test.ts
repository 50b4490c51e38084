import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/chromium.js";
import { WEEKLY_QUESTIONS } from "../support/reporting-ward.js";
import { startBench, type Bench } from "./harness.js";

/**
 * axe-core over every main screen in real Chromium, on a desktop and a phone, with data on
 * them (tables, tiles, dialogs' openers): no serious or critical violation of WCAG 2 A/AA.
 */
const browser = chromiumAvailable();
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

const SCREENS = ["/", "/to-dan-pho", "/giay-moi", "/mau-bao-cao", "/lich", "/hoi-nghi", "/ky-bao-cao", "/tong-hop", "/gui-tin", "/thu-tro-chuyen"];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function scan(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the console's CSP (script-src 'self') rightly refuses inline scripts.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

describe.skipIf(!browser)("accessibility (axe-core)", () => {
  it("finds no serious or critical violation on the sign-in page and the main screens, at 1280 and 360 px", async () => {
    const ward = (await bench.api("POST", "/api/v1/wards", { name: "Phường Tràng Tiền" })).body;
    await bench.api("PUT", `/api/v1/wards/${ward.id}/form`, { title: "Báo cáo tuần", questions: WEEKLY_QUESTIONS });
    await bench.api("PUT", `/api/v1/wards/${ward.id}/schedule`, { enabled: true, opensAt: "0 8 * * 1", remindAt: ["0 17 * * 4"], dueAt: "0 17 * * 5", summaryAt: "0 8 * * 6" });
    for (const n of [1, 2]) {
      const group = (await bench.api("POST", `/api/v1/wards/${ward.id}/groups`, { name: `Tổ ${n}` })).body;
      await bench.api("POST", `/api/v1/wards/${ward.id}/members`, { name: `Tổ trưởng ${n}`, role: "leader", groupId: group.id });
    }
    await bench.api("POST", `/api/v1/wards/${ward.id}/meetings`, {
      title: "Hội nghị sơ kết", kind: "so_ket", startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), location: "Nhà văn hóa", remindBefore: ["P1D"], invitees: { roles: ["leader"] },
    });
    await bench.api("POST", `/api/v1/wards/${ward.id}/destinations`, { channel: "telegram", chatId: "-1001234567890", purpose: "summary", title: "Nhóm lãnh đạo phường" });
    const cycle = (await bench.api("POST", `/api/v1/wards/${ward.id}/cycles`, { label: "Tuần 1/2027" })).body;

    const found: string[] = [];
    const signIn = await bench.page({ signedIn: false });
    await signIn.page.goto(bench.server.baseUrl + "/");
    await signIn.page.getByLabel("Mã quản trị").waitFor();
    found.push(...(await scan(signIn.page)).map((v) => `sign-in: ${v}`));
    for (const width of [1280, 360]) {
      const { page, errors } = await bench.page({ width });
      for (const path of [...SCREENS, `/ky-bao-cao?ky=${cycle.id}`]) {
        await page.goto(bench.server.baseUrl + path);
        await page.getByRole("heading", { level: 1 }).waitFor();
        // Let the screen's data arrive (no "Đang tải…" left).
        await page.waitForFunction(() => !document.body.textContent?.includes("Đang tải"), undefined, { timeout: 10_000 });
        found.push(...(await scan(page)).map((v) => `${path} @${width}: ${v}`));
      }
      // A confirmation dialog, open.
      await page.goto(bench.server.baseUrl + "/gui-tin");
      await page.getByRole("button", { name: "Bỏ nơi nhận Nhóm lãnh đạo phường" }).click();
      await page.getByRole("dialog").waitFor();
      found.push(...(await scan(page)).map((v) => `dialog @${width}: ${v}`));
      // The chat simulator with a conversation going, its buttons shown.
      await page.goto(bench.server.baseUrl + "/thu-tro-chuyen");
      await page.getByLabel("Đóng vai").selectOption({ label: "Tổ trưởng 1 — Tổ trưởng tổ dân phố, Tổ 1" });
      await page.getByRole("button", { name: /Bắt đầu/ }).click();
      await page.getByText("Câu 1/5", { exact: false }).last().waitFor();
      await page.getByLabel("Tin nhắn của bạn").fill("12");
      await page.getByRole("button", { name: "Gửi tin" }).click();
      await page.getByRole("group", { name: "Nút bấm của trợ lý" }).waitFor();
      found.push(...(await scan(page)).map((v) => `chat @${width}: ${v}`));
      expect(errors).toEqual([]);
    }
    expect(found).toEqual([]);
  }, 120_000);
});
