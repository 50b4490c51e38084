import ExcelJS from "exceljs";
import { parseIsoDate } from "../../core/calendar.js";
import { formatDate } from "../../core/format.js";
import type { ServiceContext } from "../context.js";
import { rollupUnit, type Rollup } from "../rollup.js";
import { asciiSlug } from "../../core/text.js";
import { MONEY_FORMAT, sumCell } from "./xlsx.js";

const COUNT_COLUMNS = [
  { header: "Số kỳ", key: "cycles", width: 10 },
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
 * one row per ward (counts, the submission rate as a percentage, one column per numeric
 * question headed by its wording), and a bold totals row with live formulas.
 */
export function buildRollupWorkbook(rollup: Rollup): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = "wardbot";
  const sheet = book.addWorksheet("Tổng hợp", { views: [{ state: "frozen", ySplit: FIRST_WARD_ROW - 1, xSplit: 1 }] });
  const columns: { header: string; key: string; width: number; style?: Partial<ExcelJS.Style> }[] = [
    { header: "Phường/xã", key: "name", width: 30 },
    ...COUNT_COLUMNS,
    { header: "Tỉ lệ (%)", key: "rate", width: 10, style: { numFmt: PERCENT_FORMAT } },
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
      ...w.reports,
      rate: w.submissionRate,
      ...Object.fromEntries(rollup.questions.map((q) => [`q:${q.key}`, w.totals[q.key] ?? 0])),
    });

  const last = FIRST_WARD_ROW + rollup.wards.length - 1;
  const letter = (key: string) => sheet.getColumn(key).letter;
  const sum = (key: string, result: number) => sumCell(letter(key), FIRST_WARD_ROW, last, result);
  const t = rollup.totals;
  const [expected, submitted, row] = [letter("expected"), letter("submitted"), last + 1];
  sheet.addRow({
    name: "Tổng cộng",
    ...Object.fromEntries(COUNT_COLUMNS.map((c) => [c.key, sum(c.key, t[c.key])])),
    rate: { formula: `IF(${expected}${row}=0,"",${submitted}${row}/${expected}${row})`, result: t.submissionRate ?? "" },
    ...Object.fromEntries(rollup.questions.map((q) => [`q:${q.key}`, sum(`q:${q.key}`, t.totals[q.key] ?? 0)])),
  }).font = { bold: true };
  return book;
}

export async function rollupWorkbook(ctx: ServiceContext, unitId: string, query: { from?: string; to?: string }) {
  const rollup = await rollupUnit(ctx, unitId, query);
  const data = new Uint8Array(await buildRollupWorkbook(rollup).xlsx.writeBuffer());
  const name = asciiSlug(rollup.unit.name) || "don-vi";
  return { filename: `tong-hop-${name}-${rollup.from}-${rollup.to}.xlsx`, data };
}
