import type ExcelJS from "exceljs";

/** Whole đồng with grouped thousands; Excel shows the separators of the reader's locale. */
export const MONEY_FORMAT = '#,##0 "đồng"';

/** "Tuần 48/2026" → "Tuan-48-2026": a file name every browser and mail client keeps as is. */
export function asciiFileName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** A totals cell: a live SUM for whoever edits the sheet, with its value for readers that do not compute. */
export function sumCell(column: string, firstRow: number, lastRow: number, result: number): ExcelJS.CellValue {
  return { formula: `SUM(${column}${firstRow}:${column}${lastRow})`, result };
}
