import ExcelJS from "exceljs";
import { parseIsoDate } from "../../core/calendar.js";
import { formatDate } from "../../core/format.js";
import { ROLES, ROLE_SHORT_LABELS, type Role } from "../../core/roles.js";
import type { ServiceContext } from "../context.js";
import { rollupUnit, type Rollup } from "../rollup.js";
import { asciiSlug } from "../../core/text.js";
import { MONEY_FORMAT, sumCell } from "./xlsx.js";

/** Groups per cycle by the one rule (core/group-standing.ts), then reports as counted before. */
const GROUP_COLUMNS = [
  { header: "Số lượt tổ phải báo cáo", key: "groupsExpected", width: 14 },
  { header: "Tổ đã báo cáo đủ", key: "complete", width: 12 },
  { header: "Tổ báo cáo chưa đủ", key: "partial", width: 12 },
  { header: "Tổ chưa báo cáo", key: "groupsMissing", width: 12 },
] as const;
const REPORT_COLUMNS = [
  { header: "Số báo cáo phải nộp", key: "expected", width: 14 },
  { header: "Đã nộp", key: "submitted", width: 10 },
  { header: "Nộp muộn", key: "late", width: 10 },
  { header: "Chưa nộp", key: "missing", width: 10 },
] as const;
const PERCENT_FORMAT = "0.0%";
const vnDate = (isoDate: string) => formatDate(parseIsoDate(isoDate)!);

/** Rows are counted from 1: the title, the header, then one row per ward, then the totals. */
const FIRST_WARD_ROW = 3;

/**
 * A roll-up as a workbook: a title naming the unit and the period, a frozen Vietnamese header,
 * one row per ward (groups complete, partly reported and missing, the rate of groups complete as
 * a percentage, the reports counted one by one and, when several roles report, per role; one
 * column per numeric question headed by its wording), and a bold totals row with live formulas.
 */
export function buildRollupWorkbook(rollup: Rollup): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = "wardbot";
  const sheet = book.addWorksheet("Tổng hợp", { views: [{ state: "frozen", ySplit: FIRST_WARD_ROW - 1, xSplit: 1 }] });
  const roles = (Object.keys(rollup.totals.byRole) as Role[]).sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
  const roleColumns =
    roles.length > 1
      ? roles.flatMap((role) => [
          { header: `${ROLE_SHORT_LABELS[role] ?? role}: phải nộp`, key: `r:${role}:expected`, width: 14 },
          { header: `${ROLE_SHORT_LABELS[role] ?? role}: đã nộp`, key: `r:${role}:submitted`, width: 14 },
        ])
      : [];
  const roleCells = (byRole: Rollup["totals"]["byRole"]) =>
    Object.fromEntries(roles.flatMap((role) => [[`r:${role}:expected`, byRole[role]?.expected ?? 0], [`r:${role}:submitted`, byRole[role]?.submitted ?? 0]]));
  const countColumns = [...GROUP_COLUMNS, ...REPORT_COLUMNS, ...roleColumns];
  const columns: { header: string; key: string; width: number; style?: Partial<ExcelJS.Style> }[] = [
    { header: "Phường/xã", key: "name", width: 30 },
    { header: "Số kỳ", key: "cycles", width: 10 },
    ...GROUP_COLUMNS,
    { header: "Tỉ lệ tổ báo cáo đủ (%)", key: "rate", width: 12, style: { numFmt: PERCENT_FORMAT } },
    ...REPORT_COLUMNS,
    ...roleColumns,
    ...rollup.questions.map((q) => ({
      header: q.text,
      key: `q:${q.key}`,
      width: 18,
      style: q.type === "money" ? { numFmt: MONEY_FORMAT } : {},
    })),
  ];
  // Keys and formats only: the header goes in row 2, under the title.
  sheet.columns = columns.map(({ key, width, style }) => ({ key, width, style }));

  const title = sheet.addRow([`Tổng hợp báo cáo: ${rollup.unit.name}, từ ngày ${vnDate(rollup.from)} đến ngày ${vnDate(rollup.to)}`]);
  title.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, columns.length);
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle" };

  for (const w of rollup.wards)
    sheet.addRow({
      name: w.name,
      cycles: w.cycles,
      ...groupCells(w.groups),
      rate: w.submissionRate,
      ...w.reports,
      ...roleCells(w.byRole),
      ...Object.fromEntries(rollup.questions.map((q) => [`q:${q.key}`, w.totals[q.key] ?? 0])),
    });

  const last = FIRST_WARD_ROW + rollup.wards.length - 1;
  const letter = (key: string) => sheet.getColumn(key).letter;
  const sum = (key: string, result: number) => sumCell(letter(key), FIRST_WARD_ROW, last, result);
  const t = rollup.totals;
  const [expected, complete, row] = [letter("groupsExpected"), letter("complete"), last + 1];
  const results: Record<string, number> = {
    cycles: t.cycles, ...groupCells(t.groups), expected: t.expected, submitted: t.submitted, late: t.late, missing: t.missing, ...roleCells(t.byRole),
  };
  sheet.addRow({
    name: "Tổng cộng",
    ...Object.fromEntries(["cycles", ...countColumns.map((c) => c.key)].map((key) => [key, sum(key, results[key]!)])),
    rate: { formula: `IF(${expected}${row}=0,"",${complete}${row}/${expected}${row})`, result: t.submissionRate ?? "" },
    ...Object.fromEntries(rollup.questions.map((q) => [`q:${q.key}`, sum(`q:${q.key}`, t.totals[q.key] ?? 0)])),
  }).font = { bold: true };
  return book;
}

const groupCells = (g: Rollup["totals"]["groups"]) => ({ groupsExpected: g.expected, complete: g.complete, partial: g.partial, groupsMissing: g.missing });

export async function rollupWorkbook(ctx: ServiceContext, unitId: string, query: { from?: string; to?: string }) {
  const rollup = await rollupUnit(ctx, unitId, query);
  const data = new Uint8Array(await buildRollupWorkbook(rollup).xlsx.writeBuffer());
  const name = asciiSlug(rollup.unit.name) || "don-vi";
  return { filename: `tong-hop-${name}-${rollup.from}-${rollup.to}.xlsx`, data };
}
