/** Calendar dates, day first, or relative to today ("hôm nay", "mai", "hôm qua"). */
import { dropEndPunctuation, fail, guarded, ok, readWhole, tidy, type ParseResult, type Reading, type Word } from "./shared.js";

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

type DateParts = [day: string, month: string, year: string | undefined];

const digits = (w: string | undefined, ...lengths: number[]) => w !== undefined && /^\d+$/.test(w) && lengths.includes(w.length);

/** A date's words from the start of a reply: relative ("ngày mai") or day first ("29/9", "29 tháng 9 năm 2026"). */
function readDateWords(words: Word[], today: YMD): Reading<YMD | DateParts> {
  // "29.9.2026" is one numeral to the tokenizer: its dots separate the parts of a date here.
  const owner: number[] = [];
  const f = words.flatMap((w, k) => {
    const pieces = /^\d+(?:\.\d+)+$/.test(w.folded) ? w.folded.split(/(\.)/) : [w.folded];
    owner.push(...pieces.map(() => k));
    return pieces;
  });
  // Pieces used → words used; a word used only in part counts as not used ("1.1.1.1" is no date).
  const used = (n: number) => (n >= f.length ? words.length : owner[n]!);
  for (let n = Math.min(3, f.length); n > 0; n--) {
    const relative = RELATIVE_DAYS[f.slice(0, n).join(" ")];
    if (relative !== undefined) return { value: shiftDays(today, relative), used: used(n) };
  }
  const i = f[0] === "ngay" ? 1 : 0;
  const [a, sep, b, sep2, c] = f.slice(i, i + 5);
  if (digits(a, 4) && sep === "-" && digits(b, 1, 2) && sep2 === "-" && digits(c, 1, 2))
    return { value: [c!, b!, a!], used: used(i + 5) };
  if (!digits(a, 1, 2)) return { reason: DATE_ASK, at: used(i) };
  if ((sep === "/" || sep === "-" || sep === ".") && digits(b, 1, 2)) {
    if (sep2 === sep && digits(c, 2, 4)) return { value: [a!, b!, c], used: used(i + 5) };
    return { value: [a!, b!, undefined], used: used(i + 3) };
  }
  if (sep === "thang" && digits(b, 1, 2)) {
    let k = i + 3;
    if (f[k] === ",") k++;
    if (f[k] === "nam" && digits(f[k + 1], 2, 4)) return { value: [a!, b!, f[k + 1]], used: used(k + 2) };
    return { value: [a!, b!, undefined], used: used(i + 3) };
  }
  return { reason: DATE_ASK, at: used(i) };
}

/**
 * A calendar date, day first: "29/9", "29/09", "29-9", "29.9", "29/9/2026", "29/09/26" (→ 2026),
 * "ngày 29/9", "29 tháng 9 năm 2026", "2026-09-29", or relative to `today`: "hôm nay", "mai",
 * "ngày mai", "hôm qua", "hôm kia", "ngày kia". Without a year, today's year. Dates that do
 * not exist (31/2, 9/29) are refused with the reason; so is anything more than a date.
 */
export function parseDate(text: string, today: { year: number; month: number; day: number }): ParseResult<YMD> {
  return guarded(DATE_ASK, () => {
    const input = dropEndPunctuation(tidy(text));
    const read = readWhole(input, DATE_ASK, (words) => readDateWords(words, today), { explain: false });
    if (!read.ok) return read;
    if (!Array.isArray(read.value)) return ok(read.value);
    const parts = read.value;
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
