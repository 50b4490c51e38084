import type ExcelJS from "exceljs";

/** Whole đồng with grouped thousands; Excel shows the separators of the reader's locale. */
export const MONEY_FORMAT = '#,##0 "đồng"';

/** A totals cell: a live SUM for whoever edits the sheet, with its value for readers that do not compute. */
export function sumCell(column: string, firstRow: number, lastRow: number, result: number): ExcelJS.CellValue {
  return { formula: `SUM(${column}${firstRow}:${column}${lastRow})`, result };
}
