import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import { cycleChart } from "../../src/services/exports/cycle-chart.js";
import { ADMIN_TOKEN, buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";
import { documentXml, paragraphTexts, tableRows } from "../support/docx.js";
import { WEEKLY_QUESTIONS, reportingWard, type ReportingWard } from "../support/reporting-ward.js";

/**
 * A ward whose form is answered by the tổ trưởng and the trưởng ban CTMT of each of its ten
 * groups. The tổ trưởng of groups 1–3 have reported; no trưởng ban has yet. Every output says
 * the same: no group has reported in full, three have in part (naming the role still owed) with
 * their figures counted, seven not at all.
 */
let t: TestApp;
let ward: ReportingWard;
let cycle: string;

const PARTIAL = "Tổ dân phố số 1, Tổ dân phố số 2, Tổ dân phố số 3";
const NOBODY = "Tổ dân phố số 4, Tổ dân phố số 5, Tổ dân phố số 6, Tổ dân phố số 7, Tổ dân phố số 8, Tổ dân phố số 9, Tổ dân phố số 10";
const QUESTIONS = WEEKLY_QUESTIONS.filter((q) => q.key !== "antt_chi_tiet" && q.key !== "antt");
const get = (path: string) => t.app.request(path, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

beforeEach(async () => {
  t = await buildTestApp();
  ward = await reportingWard(t, { groupCount: 10, roles: ["leader", "front_head"], questions: QUESTIONS });
  cycle = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { label: "Tuần 48/2026" })).body.id;
  for (const [n, ho] of [[1, 12], [2, 30], [3, 6]] as const) await ward.submit(cycle, n, { ho_van_dong: ho, quy: 1_000_000, ve_sinh: true });
  await t.call("POST", `/api/v1/cycles/${cycle}/close`);
});
afterEach(() => t.close());

describe("a summary with two reporting roles", () => {
  it("says in the text who has reported in full, per role and in part, and counts what came in", async () => {
    const text: string = (await t.call("POST", `/api/v1/wards/${ward.wardId}/summaries`, { cycleId: cycle })).body.text;
    expect(text).toContain("Đã báo cáo đủ (cả Tổ trưởng và Trưởng ban CTMT): 0/10 tổ (0%).");
    expect(text).toContain("  Tổ trưởng: 3/10; Trưởng ban CTMT: 0/10.");
    expect(text).toContain(`Báo cáo chưa đủ, còn thiếu Trưởng ban công tác Mặt trận (3): ${PARTIAL}.`);
    expect(text).toContain(`Chưa báo cáo (7): ${NOBODY}.`);
    expect(text).toContain("• Số hộ được vận động: tổng 48, trung bình 16/tổ.");
    expect(text).toContain("• Số tiền ủng hộ Quỹ Vì người nghèo: tổng 3.000.000 đồng");
  });

  it("answers /tinhhinh with the same rule", async () => {
    const chair = (await t.call("POST", `/api/v1/wards/${ward.wardId}/members`, { name: "Phạm Minh Đức", role: "chair" })).body;
    const dm = chatHarness(t).user("900");
    await dm.command("start", chair.invite.code);
    const status = (await dm.command("tinhhinh"))[0]!;
    expect(status).toContain("Đã báo cáo đủ (cả Tổ trưởng và Trưởng ban CTMT): 0/10 tổ (0%).");
    expect(status).toContain(`Báo cáo chưa đủ, còn thiếu Trưởng ban công tác Mặt trận (3): ${PARTIAL}.`);
    expect(status).toContain(`Chưa báo cáo (7): ${NOBODY}.`);
  });

  it("draws the chart with the groups in part as such, with their bars", async () => {
    const chart = await cycleChart({ db: t.db, now: () => new Date(), log: createLogger("silent"), actor: "test", defaultTimezone: "Asia/Ho_Chi_Minh" }, cycle);
    expect(chart.layout.svg).toContain(">Đã báo cáo đủ 0/10 tổ (0%)</text>");
    expect(chart.layout.svg).toContain(">Báo cáo chưa đủ (3)</text>");
    expect(chart.layout.cells.map((c) => c.standing)).toEqual([...Array(3).fill("partial"), ...Array(7).fill("missing")]);
    expect(chart.layout.bars.slice(0, 4).map((b) => [b.standing, b.label])).toEqual([
      ["partial", "1.000.000 đồng"], ["partial", "1.000.000 đồng"], ["partial", "1.000.000 đồng"], ["missing", "— chưa báo cáo"],
    ]);
  });

  it("writes the official document with the same words, and the groups' figures beside their real standing", async () => {
    const res = await get(`/api/v1/cycles/${cycle}/summary.docx`);
    expect(res.status).toBe(200);
    const xml = await documentXml(await res.arrayBuffer());
    const all = paragraphTexts(xml).join("\n");
    expect(all).toContain(
      "- Số tổ dân phố phải báo cáo: 10 tổ; đã báo cáo đủ (có báo cáo của cả Tổ trưởng tổ dân phố và Trưởng ban công tác Mặt trận): 0/10 tổ, đạt 0%.",
    );
    expect(all).toContain("+ Tổ trưởng tổ dân phố: 3/10 tổ đã gửi báo cáo.");
    expect(all).toContain("+ Trưởng ban công tác Mặt trận: 0/10 tổ đã gửi báo cáo.");
    expect(all).toContain(`- Báo cáo chưa đủ, còn thiếu báo cáo của Trưởng ban công tác Mặt trận (3 tổ): ${PARTIAL}.`);
    expect(all).toContain(`- Chưa báo cáo (7 tổ): ${NOBODY}.`);
    const rows = tableRows(xml);
    expect(rows).toContainEqual(["1", "Tổ dân phố số 1", "Báo cáo chưa đủ (thiếu Trưởng ban CTMT)", "", "12", "1.000.000"]);
    expect(rows).toContainEqual(["4", "Tổ dân phố số 4", "Chưa báo cáo", "", "", ""]);
    // No figure sits beside "Chưa báo cáo".
    for (const row of rows.filter((r) => r[2] === "Chưa báo cáo")) expect(row.slice(4).join("")).toBe("");
  });

  it("gives each Excel row its group's standing, and the headline under the totals", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await get(`/api/v1/cycles/${cycle}/summary.xlsx`)).arrayBuffer());
    const sheet = book.getWorksheet("Tổng hợp")!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1, 6);
    // Group 1: the tổ trưởng's row, then the trưởng ban's.
    expect(values(2)).toEqual(["Tổ dân phố số 1", "Báo cáo chưa đủ (thiếu Trưởng ban CTMT)", "Tổ trưởng tổ dân phố", "Đã báo cáo", expect.any(Date)]);
    expect(values(3).slice(0, 4)).toEqual(["Tổ dân phố số 1", "Báo cáo chưa đủ (thiếu Trưởng ban CTMT)", "Trưởng ban công tác Mặt trận", "Không báo cáo"]);
    expect(values(8).slice(0, 2)).toEqual(["Tổ dân phố số 4", "Chưa báo cáo"]);
    expect(sheet.getRow(22).getCell(1).value).toBe("Tổng cộng");
    expect(sheet.getRow(22).getCell(6).value).toMatchObject({ result: 48 });
    expect(sheet.getRow(23).getCell(1).value).toBe("Đã báo cáo đủ (cả Tổ trưởng và Trưởng ban CTMT): 0/10 tổ (0%); Tổ trưởng: 3/10; Trưởng ban CTMT: 0/10.");
  });

  it("rolls the ward up by the same rule", async () => {
    const res = await t.call("GET", `/api/v1/units/${ward.wardId}/rollup`);
    expect(res.status).toBe(200);
    expect(res.body.wards[0]).toMatchObject({
      reports: { expected: 20, submitted: 3, late: 0, missing: 17 },
      groups: { expected: 10, complete: 0, late: 0, partial: 3, missing: 7 },
      byRole: { leader: { expected: 10, submitted: 3 }, front_head: { expected: 10, submitted: 0 } },
      submissionRate: 0,
      totals: { ho_van_dong: 48, quy: 3_000_000 },
    });
  });
});
