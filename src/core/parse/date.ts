/** Calendar dates, day first, or relative to today ("hôm nay", "mai", "hôm qua"). */
import { foldVietnamese } from "../text.js";
import { EMPTY, dropEndPunctuation, fail, guarded, ok, tidy, type ParseResult } from "./shared.js";

type YMD = { year: number; month: number; day: number };

const DATE_ASK = "Xin nhập ngày theo dạng ngày/tháng, ví dụ: 29/9 hoặc 29/9/2026.";

const RELATIVE_DAYS: Record<string, number> = {
  "hom nay": 0, "ngay hom nay": 0, "bua nay": 0,
  mai: 1, "ngay mai": 1, "mai nay": 1,
  "hom qua": -1, "ngay hom qua": -1, "bua qua": -1,
  "hom kia": -2,
  "ngay kia": 2, "ngay mot": 2,
};

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function shiftDays(d: YMD, days: number): YMD {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/**
 * A calendar date, day first: "29/9", "29/09", "29-9", "29.9", "29/9/2026", "29/09/26" (→ 2026),
 * "ngày 29/9", "29 tháng 9 năm 2026", "2026-09-29", or relative to `today`: "hôm nay", "mai",
 * "ngày mai", "hôm qua", "hôm kia", "ngày kia". Without a year, today's year. Dates that do
 * not exist (31/2, 9/29) are refused with the reason.
 */
export function parseDate(text: string, today: { year: number; month: number; day: number }): ParseResult<YMD> {
  return guarded(DATE_ASK, () => {
    const input = dropEndPunctuation(tidy(text));
    if (!input) return fail(`${EMPTY} ${DATE_ASK}`);
    const folded = foldVietnamese(input);
    const relative = RELATIVE_DAYS[folded];
    if (relative !== undefined) return ok(shiftDays(today, relative));

    const body = folded.replace(/^ngay\s*/, "");
    let parts: [string, string, string | undefined] | null = null;
    let m = /^(\d{1,2})\s*([/.\-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?$/.exec(body);
    if (m) parts = [m[1]!, m[3]!, m[4]];
    else if ((m = /^(\d{1,2}) thang (\d{1,2})(?:,? nam (\d{4}|\d{2}))?$/.exec(body))) parts = [m[1]!, m[2]!, m[3]];
    else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(body))) parts = [m[3]!, m[2]!, m[1]!];
    if (!parts) return fail(DATE_ASK);

    const day = Number(parts[0]);
    const month = Number(parts[1]);
    const year = parts[2] === undefined ? today.year : parts[2].length === 2 ? 2000 + Number(parts[2]) : Number(parts[2]);
    if (month < 1 || month > 12) return fail(`Tháng phải từ 1 đến 12 (ngày viết trước, tháng viết sau). ${DATE_ASK}`);
    if (year < 1900 || year > 2199) return fail(`Năm ${year} không hợp lệ. ${DATE_ASK}`);
    const last = daysInMonth(year, month);
    if (day < 1 || day > last)
      return fail(`Tháng ${month} năm ${year} chỉ có ${last} ngày, xin nhập ngày từ 1 đến ${last}.`);
    return ok({ year, month, day });
  });
}
