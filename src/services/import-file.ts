import { decodeUploadedText } from "../core/encoding.js";
import { AppError } from "../core/errors.js";

/**
 * Reads the file a ward office uploads to import its people, as rows of cell texts with the
 * line (CSV) or row (Excel) number a person sees in their spreadsheet program: an .xlsx
 * workbook as it is, or a CSV/tab-separated text in UTF-8 (with or without BOM), UTF-16 with a
 * BOM (Excel's "Unicode Text") or Windows-1258 (Excel's "CSV" on Vietnamese Windows).
 */

export interface ImportLineError {
  line: number;
  message: string;
}

export interface TableRow {
  line: number;
  cells: string[];
  /** Cells Excel stored as numbers: a phone typed without quotes lost its leading 0 there. */
  numeric?: boolean[];
}

/** How to save a file the import can read, in the words of Excel's Vietnamese menus. */
export const SAVE_AS_UTF8 = "Lưu tệp dạng CSV UTF-8 trong Excel: Tệp → Lưu thành → CSV UTF-8";

export function importFailed(errors: ImportLineError[]) {
  return new AppError("invalid_input", `Tệp có ${errors.length} dòng chưa đúng nên chưa nhập người nào: xin sửa các dòng được nêu rồi gửi lại.`, errors);
}

const fail = (line: number, message: string) => importFailed([{ line, message }]);

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** The rows of an uploaded file (bytes), or of CSV text already decoded (the demo's own data). */
export async function readTable(input: Uint8Array | string): Promise<TableRow[]> {
  if (typeof input === "string") return readCsv(input.replace(/^\uFEFF/, ""));
  if (isZip(input)) return readXlsx(input);
  if (isOle(input))
    throw fail(1, `Tệp Excel 97–2003 (.xls) chưa đọc được. Hãy lưu lại thành Sổ làm việc Excel (.xlsx), hoặc ${lowerFirst(SAVE_AS_UTF8)}.`);
  const decoded = decodeUploadedText(input);
  if (!decoded.ok)
    throw fail(
      decoded.line,
      `Tệp không ở dạng văn bản Unicode đọc được (dòng ${decoded.line} có ký tự không đọc được; có thể tệp dùng bảng mã cũ như TCVN3 hoặc VNI). ${SAVE_AS_UTF8}, rồi tải lên lại; hoặc tải lên trực tiếp tệp .xlsx.`,
    );
  return readCsv(decoded.text);
}

const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);

/**
 * The separator of the file, from its header line: a comma (CSV), a semicolon (CSV where the
 * decimal mark is a comma) or a tab (Excel's "Unicode Text"). One per file, so a comma inside
 * a tab-separated name stays in the name.
 */
function delimiterOf(text: string): string {
  const header = text.split(/\r?\n/, 1)[0]!.replace(/"[^"]*"/g, "");
  const counts = ["\t", ";", ","].map((d) => [d, header.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best![1] > 0 ? best![0] : ",";
}

async function readCsv(text: string): Promise<TableRow[]> {
  // Loaded on the first import, not at start (with its Buffer polyfill): an idle server does not carry it.
  const { parse } = await import("csv-parse/browser/esm/sync");
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw fail(line, `Tệp CSV bị lỗi định dạng: ${(error as Error).message}`);
  }
  return records.map((r) => ({ line: r.info.lines, cells: r.record }));
}

/** The first worksheet, rows numbered as Excel shows them; empty rows are left out. */
async function readXlsx(bytes: Uint8Array): Promise<TableRow[]> {
  // exceljs is large: loaded only when someone imports a workbook.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw fail(1, `Không mở được tệp Excel (tệp hỏng hoặc không phải .xlsx). Hãy mở lại và lưu thành .xlsx, hoặc ${lowerFirst(SAVE_AS_UTF8)}.`);
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return [];
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    const numeric: boolean[] = [];
    for (let col = 1; col <= row.cellCount; col++) {
      const value = row.getCell(col).value;
      cells.push(cellText(value).trim());
      numeric.push(typeof value === "number" || (isObject(value) && "result" in value && typeof value.result === "number"));
    }
    if (cells.some((c) => c !== "")) rows.push({ line: number, cells, numeric });
  });
  return rows;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** What a cell shows, as text: rich text joined, a formula's result, a link's text, a date's day. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (isObject(value)) {
    if (Array.isArray(value.richText)) return value.richText.map((r: { text?: string }) => r.text ?? "").join("");
    if ("result" in value) return cellText(value.result);
    if ("text" in value) return cellText(value.text);
    if ("error" in value) return "";
  }
  return "";
}
