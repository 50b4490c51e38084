import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

/**
 * A province with three wards (one with a khu phố level, one answering with two roles, one
 * without any cycle), a ward outside the province, cycles on both sides of the period's
 * edges, late and missing reports, and a question reworded between two form versions.
 */
let t: TestApp;
let clock: Date;
/** Local time in Vietnam (UTC+7) as an instant. */
const at = (local: string) => new Date(`${local}+07:00`);
const ids: Record<string, string> = {};

const FORM_A = (hoText: string) => ({
  title: "Báo cáo tuần",
  questions: [
    { key: "ho_van_dong", text: hoText, type: "integer" },
    { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
    { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"] },
  ],
});

async function post(path: string, body: unknown) {
  const res = await t.call("POST", path, body);
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${res.text}`);
  return res.body.id as string;
}

async function openCycle(ward: string, local: string) {
  clock = at(local);
  return post(`/api/v1/wards/${ids[ward]}/cycles`, { label: `Kỳ ${local.slice(0, 10)}`, replaceOpen: true });
}

async function submit(cycleId: string, group: string, answers: Record<string, unknown>, options: { late?: boolean; role?: string } = {}) {
  const { count } = await t.db.report.updateMany({
    where: { cycleId, groupId: ids[group], role: options.role ?? "leader" },
    data: { status: "submitted", late: options.late ?? false, answers: answers as object, submittedAt: clock, via: "telegram" },
  });
  expect(count).toBe(1);
}

beforeEach(async () => {
  clock = at("2026-10-01T08:00:00");
  t = await buildTestApp({ now: () => clock });
  ids.province = await post("/api/v1/units", { name: "Thành phố Đà Nẵng", kind: "province" });
  ids.a = await post("/api/v1/wards", { name: "Phường Hòa Khánh Bắc", parentId: ids.province });
  ids.b = await post("/api/v1/wards", { name: "Phường 2", parentId: ids.province });
  ids.c = await post("/api/v1/wards", { name: "Xã Hòa Vang", kind: "commune", parentId: ids.province });
  ids.outside = await post("/api/v1/wards", { name: "Phường Ngoài Tỉnh" });

  // Ward A: two groups of its own, and one under a khu phố (no API creates a khu phố yet).
  ids.a1 = await post(`/api/v1/wards/${ids.a}/groups`, { name: "Tổ dân phố số 1" });
  ids.a10 = await post(`/api/v1/wards/${ids.a}/groups`, { name: "Tổ dân phố số 10" });
  ids.kp = (await t.db.unit.create({ data: { kind: "neighbourhood", name: "Khu phố 1", parentId: ids.a, wardId: ids.a } })).id;
  ids.a2 = await post(`/api/v1/wards/${ids.a}/groups`, { name: "Tổ dân phố số 2", parentId: ids.kp });
  expect((await t.call("PUT", `/api/v1/wards/${ids.a}/form`, FORM_A("Số hộ được vận động?"))).status).toBe(200);

  // Ward B: both the tổ trưởng and the trưởng ban CTMT report.
  ids.b1 = await post(`/api/v1/wards/${ids.b}/groups`, { name: "Tổ 1" });
  ids.b2 = await post(`/api/v1/wards/${ids.b}/groups`, { name: "Tổ 2" });
  clock = at("2026-10-02T08:00:00");
  await t.call("PUT", `/api/v1/wards/${ids.b}/form`, {
    title: "Báo cáo tuần",
    roles: ["leader", "front_head"],
    questions: [
      { key: "ho_van_dong", text: "Số hộ vận động", type: "integer" },
      { key: "hoa_giai", text: "Số vụ hòa giải thành?", type: "integer" },
      { key: "quy", text: "Quỹ (đồng)", type: "money", required: false },
    ],
  });

  ids.o1 = await post(`/api/v1/wards/${ids.outside}/groups`, { name: "Tổ 1" });
  await t.call("PUT", `/api/v1/wards/${ids.outside}/form`, { title: "Báo cáo", questions: [{ key: "ho_van_dong", text: "Số hộ", type: "integer" }] });

  // Ward A. Before the period:
  const a0 = await openCycle("a", "2026-10-05T08:00:00");
  await submit(a0, "a1", { ho_van_dong: 1000, quy: 9_000_000 });
  // The first instant of the period: in.
  const a1 = await openCycle("a", "2026-10-12T00:00:00");
  await submit(a1, "a1", { ho_van_dong: 10, quy: 1_000_000, antt: "Ổn định" });
  await submit(a1, "a10", { ho_van_dong: 5, quy: 250_000, antt: "Ổn định" }, { late: true });
  // (a2 never answers: missed when the next cycle opens.)
  clock = at("2026-10-15T08:00:00");
  await t.call("PUT", `/api/v1/wards/${ids.a}/form`, FORM_A("Số hộ đã vận động trong tuần?"));
  // The last millisecond of the period: in. a10 stays pending.
  const a2 = await openCycle("a", "2026-11-08T23:59:59.999");
  await submit(a2, "a1", { ho_van_dong: 7, quy: 500_000 });
  await submit(a2, "a2", { ho_van_dong: 3 });
  // The day after the period: out.
  const a3 = await openCycle("a", "2026-11-09T00:00:00");
  await submit(a3, "a1", { ho_van_dong: 2000 });

  // Ward B, one cycle in the period.
  const b1 = await openCycle("b", "2026-10-20T08:00:00");
  await submit(b1, "b1", { ho_van_dong: 20, hoa_giai: 1, quy: 2_000_000 });
  await submit(b1, "b1", { ho_van_dong: 4, hoa_giai: 0 }, { role: "front_head" });
  await submit(b1, "b2", { ho_van_dong: 6, hoa_giai: 2, quy: 1_500_000 }, { late: true });

  // A ward outside the province, in the period: never counted.
  const o1 = await openCycle("outside", "2026-10-20T08:00:00");
  await submit(o1, "o1", { ho_van_dong: 500 });

  clock = at("2026-11-20T10:00:00");
});
afterEach(() => t.close());

const PERIOD = "from=2026-10-12&to=2026-11-08";
const QUESTIONS = [
  { key: "ho_van_dong", text: "Số hộ đã vận động trong tuần?", type: "integer" },
  { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money" },
  { key: "hoa_giai", text: "Số vụ hòa giải thành?", type: "integer" },
];

describe("the roll-up of a province", () => {
  it("counts reports and sums numeric answers by key, per ward and in total", async () => {
    const res = await t.call("GET", `/api/v1/units/${ids.province}/rollup?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      unit: { id: ids.province, name: "Thành phố Đà Nẵng", kind: "province" },
      from: "2026-10-12",
      to: "2026-11-08",
      questions: QUESTIONS,
      wards: [
        {
          wardId: ids.b, name: "Phường 2", cycles: 1,
          // Tổ 1 complete (both roles), Tổ 2 only through its tổ trưởng: partly reported.
          reports: { expected: 4, submitted: 3, late: 1, missing: 1 },
          groups: { expected: 2, complete: 1, late: 0, partial: 1, missing: 0 },
          byRole: { leader: { expected: 2, submitted: 2 }, front_head: { expected: 2, submitted: 1 } },
          submissionRate: 0.5,
          totals: { ho_van_dong: 30, quy: 3_500_000, hoa_giai: 3 },
        },
        {
          wardId: ids.a, name: "Phường Hòa Khánh Bắc", cycles: 2,
          reports: { expected: 6, submitted: 4, late: 1, missing: 2 },
          groups: { expected: 6, complete: 4, late: 1, partial: 0, missing: 2 },
          byRole: { leader: { expected: 6, submitted: 4 } },
          submissionRate: 0.667,
          totals: { ho_van_dong: 25, quy: 1_750_000, hoa_giai: 0 },
        },
        {
          wardId: ids.c, name: "Xã Hòa Vang", cycles: 0,
          reports: { expected: 0, submitted: 0, late: 0, missing: 0 },
          groups: { expected: 0, complete: 0, late: 0, partial: 0, missing: 0 }, byRole: {},
          submissionRate: null,
          totals: { ho_van_dong: 0, quy: 0, hoa_giai: 0 },
        },
      ],
      totals: {
        cycles: 3, expected: 10, submitted: 7, late: 2, missing: 3,
        groups: { expected: 8, complete: 5, late: 1, partial: 1, missing: 2 },
        byRole: { leader: { expected: 8, submitted: 6 }, front_head: { expected: 2, submitted: 1 } },
        submissionRate: 0.625,
        totals: { ho_van_dong: 55, quy: 5_250_000, hoa_giai: 3 },
      },
    });
    expect(res.text).not.toContain("NaN");
  });

  it("rolls up a ward by itself, and defaults to the four weeks up to today", async () => {
    const ward = await t.call("GET", `/api/v1/units/${ids.a}/rollup?${PERIOD}`);
    expect(ward.status).toBe(200);
    expect(ward.body.unit).toEqual({ id: ids.a, name: "Phường Hòa Khánh Bắc", kind: "ward" });
    expect(ward.body.questions).toEqual(QUESTIONS.slice(0, 2));
    expect(ward.body.wards).toHaveLength(1);
    expect(ward.body.totals).toMatchObject({ cycles: 2, expected: 6, submitted: 4, totals: { ho_van_dong: 25, quy: 1_750_000 } });

    // Today is 20/11/2026: 24/10 – 20/11 holds a2 (08/11) and a3 (09/11) of ward A, nothing of B.
    const byDefault = await t.call("GET", `/api/v1/units/${ids.province}/rollup`);
    expect(byDefault.body).toMatchObject({ from: "2026-10-24", to: "2026-11-20" });
    expect(byDefault.body.wards.map((w: any) => [w.name, w.cycles])).toEqual([["Phường 2", 0], ["Phường Hòa Khánh Bắc", 2], ["Xã Hòa Vang", 0]]);
    expect(byDefault.body.totals).toMatchObject({ expected: 6, submitted: 3, totals: { ho_van_dong: 2010 } });
  });

  it("refuses a khu phố or a group (400 on unitId), an unknown unit (404) and bad dates (400 naming the field)", async () => {
    for (const unit of [ids.kp, ids.a2]) {
      const res = await t.call("GET", `/api/v1/units/${unit}/rollup`);
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ field: "unitId", code: "invalid_value", message: expect.stringContaining("không cho tổ hay khu phố") }]);
    }
    expect((await t.call("GET", "/api/v1/units/nope/rollup")).status).toBe(404);
    expect((await t.call("GET", "/api/v1/units/nope/rollup.xlsx")).status).toBe(404);
    const cases: [string, string][] = [
      ["from=2026-13-01", "from"],
      ["from=2026-11-09&to=2026-11-08", "from"],
      ["to=08/11/2026", "to"],
      ["from=2026-02-30", "from"],
    ];
    for (const [query, field] of cases) {
      for (const path of ["rollup", "rollup.xlsx"]) {
        const res = await t.call("GET", `/api/v1/units/${ids.province}/${path}?${query}`);
        expect(res.status, `${path}?${query}`).toBe(400);
        expect(res.body.error.code).toBe("invalid_input");
        expect(res.body.error.details.map((d: any) => d.field)).toEqual([field]);
      }
    }
  });

  it("answers 401 without the admin token", async () => {
    for (const path of ["rollup", "rollup.xlsx"]) {
      const res = await t.app.request(`/api/v1/units/${ids.province}/${path}`);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
    expect((await t.app.request("/api/v1/units", { method: "POST" })).status).toBe(401);
  });
});

describe("the roll-up workbook", () => {
  it("has a title, a frozen Vietnamese header, typed rows per ward and a bold totals row", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const res = await t.app.request(`/api/v1/units/${ids.province}/rollup.xlsx?${PERIOD}`, {
      headers: { authorization: "Bearer test-admin-token-0123456789abcdef" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="tong-hop-thanh-pho-da-nang-2026-10-12-2026-11-08.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet("Tổng hợp")!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

    expect(sheet.getCell("A1").value).toBe("Tổng hợp báo cáo: Thành phố Đà Nẵng, từ ngày 12/10/2026 đến ngày 08/11/2026");
    expect(sheet.getCell("A1").font.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(values(2)).toEqual([
      "Phường/xã", "Số kỳ", "Số lượt tổ phải báo cáo", "Tổ đã báo cáo đủ", "Tổ báo cáo chưa đủ", "Tổ chưa báo cáo", "Tỉ lệ tổ báo cáo đủ (%)",
      "Số báo cáo phải nộp", "Đã nộp", "Nộp muộn", "Chưa nộp",
      "Tổ trưởng: phải nộp", "Tổ trưởng: đã nộp", "Trưởng ban CTMT: phải nộp", "Trưởng ban CTMT: đã nộp",
      "Số hộ đã vận động trong tuần?", "Số tiền ủng hộ Quỹ Vì người nghèo?", "Số vụ hòa giải thành?",
    ]);
    // Phường 2 answers with two roles: Tổ 2's trưởng ban has not, so one group of two is complete.
    expect(values(3)).toEqual(["Phường 2", 1, 2, 1, 1, 0, 0.5, 4, 3, 1, 1, 2, 2, 2, 1, 30, 3_500_000, 3]);
    expect(values(4)).toEqual(["Phường Hòa Khánh Bắc", 2, 6, 4, 0, 2, 0.667, 6, 4, 1, 2, 6, 4, 0, 0, 25, 1_750_000, 0]);
    // No report was due: the rate is left empty, not 0 % and not an error.
    expect(sheet.getCell("G5").value).toBeNull();
    expect(sheet.getCell("G3").numFmt).toBe("0.0%");
    expect(sheet.getCell("Q3").numFmt).toContain("#,##0");
    expect(typeof sheet.getCell("Q3").value).toBe("number");

    const totals = sheet.getRow(6);
    expect(totals.getCell(1).value).toBe("Tổng cộng");
    expect(totals.font.bold).toBe(true);
    expect(totals.getCell(2).value).toEqual({ formula: "SUM(B3:B5)", result: 3 });
    expect(totals.getCell(3).value).toEqual({ formula: "SUM(C3:C5)", result: 8 });
    expect(totals.getCell(4).value).toEqual({ formula: "SUM(D3:D5)", result: 5 });
    expect(totals.getCell(7).value).toEqual({ formula: 'IF(C6=0,"",D6/C6)', result: 0.625 });
    expect(totals.getCell(8).value).toEqual({ formula: "SUM(H3:H5)", result: 10 });
    expect(totals.getCell(11).value).toEqual({ formula: "SUM(K3:K5)", result: 3 });
    expect(totals.getCell(15).value).toEqual({ formula: "SUM(O3:O5)", result: 1 });
    expect(totals.getCell(17).value).toEqual({ formula: "SUM(Q3:Q5)", result: 5_250_000 });
    expect(sheet.rowCount).toBe(6);
  });
});
