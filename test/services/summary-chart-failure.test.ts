import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import { buildTestApp, type TestApp } from "../support/app.js";

// The renderer fails as it would without its font or with a broken native module.
vi.mock("../../src/services/exports/png.js", () => ({
  svgToPng: async () => {
    throw new Error("The chart font is missing (simulated)");
  },
}));

let t: TestApp;
afterEach(() => t.close());

describe("a summary whose chart cannot be drawn", () => {
  it("is posted as text alone, and the failure is logged without names or answers", async () => {
    const lines: string[] = [];
    t = await buildTestApp({ publicUrl: "https://bot.example.vn", log: createLogger("error", (l) => lines.push(l)) });
    const wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
    await t.call("PUT", `/api/v1/wards/${wardId}/form`, { title: "Báo cáo tuần", questions: [{ key: "ho", text: "Số hộ được vận động?", type: "integer" }] });
    await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ dân phố Bí Mật" });
    await t.call("POST", `/api/v1/wards/${wardId}/destinations`, { channel: "telegram", chatId: "-100777", purpose: "summary" });
    const cycle = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026" })).body.id;
    await t.call("POST", `/api/v1/cycles/${cycle}/close`);

    const res = await t.call("POST", `/api/v1/wards/${wardId}/summaries`, {});
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty("chartUrl");
    expect(res.body.text).not.toContain("Xem biểu đồ");
    expect(t.delivery.sent).toHaveLength(1);
    expect(t.delivery.sent[0]!.message).not.toHaveProperty("photo");
    expect(t.delivery.sent[0]!.message.html).toContain("BÁO CÁO TỔNG HỢP");

    const logged = lines.map((l) => JSON.parse(l)).filter((e) => e.msg.startsWith("summary chart could not be drawn"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: "error", cycleId: cycle, error: "Error", reason: "The chart font is missing (simulated)" });
    expect(lines.join("\n")).not.toContain("Bí Mật");

    // The admin download says what went wrong instead of a broken picture.
    expect((await t.call("GET", `/api/v1/cycles/${cycle}/summary.png`)).status).toBe(500);
  });
});
