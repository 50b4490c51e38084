/**
 * Numbers, money, dates and times written the Vietnamese way: "." groups thousands, "," is the
 * decimal mark, dates are dd/mm/yyyy. Pure and independent of the runtime's Intl locale data
 * (only time-zone offsets come from Intl, through ./time.js).
 */
import { zoneOffsetMinutes } from "./time.js";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "1234567" → "1.234.567" (digits only, no sign). */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** The plain decimal digits of a finite, non-negative number without float noise: 0.1 + 0.2 → "0.3". */
function plainDecimal(abs: number): string {
  if (Number.isInteger(abs)) return BigInt(abs).toString();
  // 15 significant digits drop binary noise such as 0.30000000000000004.
  const tidy = Number(abs.toPrecision(15));
  const text = String(tidy);
  if (!/e/i.test(text)) return text;
  // Very small numbers print in exponent form; spell them out.
  return tidy.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}

/** 1234567.5 → "1.234.567,5"; 12 → "12"; -1500 → "-1.500". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? "-" : "";
  const [intPart = "0", fracPart] = plainDecimal(Math.abs(n)).split(".");
  const body = groupThousands(intPart) + (fracPart ? `,${fracPart}` : "");
  return body === "0" ? "0" : sign + body;
}

/** 212110000 → "212.110.000 đồng". Money is whole đồng; anything else is rounded. */
export function formatMoney(dong: number): string {
  return `${formatNumber(Number.isFinite(dong) ? Math.round(dong) : dong)} đồng`;
}

/** { year: 2026, month: 9, day: 29 } → "29/09/2026". */
export function formatDate(d: { year: number; month: number; day: number }): string {
  return `${pad(d.day)}/${pad(d.month)}/${pad(d.year, 4)}`;
}

export function formatYesNo(b: boolean): string {
  return b ? "Có" : "Không";
}

const WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"] as const;

/** 0 → "Chủ nhật", 1 → "Thứ Hai", … 6 → "Thứ Bảy" (as Date#getDay numbers them; wraps modulo 7). */
export function weekdayName(dayOfWeek: number): string {
  const i = ((Math.trunc(dayOfWeek) % 7) + 7) % 7;
  return WEEKDAYS[i] ?? WEEKDAYS[0];
}

/**
 * The wall-clock time of `instant` in the IANA `zone`: "14:05 Thứ Sáu 27/11/2026" (24-hour,
 * seconds dropped). An unknown zone throws, as Intl does; check it with isValidTimeZone first.
 */
export function formatDateTimeInZone(instant: Date, zone: string): string {
  const local = new Date(instant.getTime() + zoneOffsetMinutes(instant, zone) * 60_000);
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  const date = formatDate({ year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() });
  return `${time} ${weekdayName(local.getUTCDay())} ${date}`;
}

const DIGIT_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"] as const;
const digitWord = (d: number): string => DIGIT_WORDS[d] ?? "";

/**
 * A group of three digits (0–999) in words. `full` reads a group that follows a larger one, so
 * its hundreds are spoken even when zero: 5 → "không trăm linh năm" (as in 1.005).
 */
function readTriple(n: number, full: boolean): string[] {
  const h = Math.floor(n / 100);
  const t = Math.floor(n / 10) % 10;
  const u = n % 10;
  const words: string[] = [];
  if (full || h > 0) words.push(digitWord(h), "trăm");
  if (t === 0) {
    if (u > 0) {
      if (words.length > 0) words.push("linh");
      words.push(digitWord(u));
    }
  } else if (t === 1) {
    words.push("mười");
    if (u === 5) words.push("lăm");
    else if (u > 0) words.push(digitWord(u));
  } else {
    words.push(digitWord(t), "mươi");
    if (u === 1) words.push("mốt");
    else if (u === 5) words.push("lăm");
    else if (u > 0) words.push(digitWord(u));
  }
  return words;
}

const BILLION = 1_000_000_000n;

/** 0 < n < 10^9 in words; groups of zeros are skipped, later groups are read in full. */
function readBelowBillion(n: bigint, leading: boolean): string[] {
  const groups: [bigint, string][] = [
    [(n / 1_000_000n) % 1000n, "triệu"],
    [(n / 1000n) % 1000n, "nghìn"],
    [n % 1000n, ""],
  ];
  const words: string[] = [];
  let first = leading;
  for (const [value, unit] of groups) {
    if (value === 0n) continue;
    words.push(...readTriple(Number(value), !first));
    if (unit) words.push(unit);
    first = false;
  }
  return words;
}

/** n > 0 in words; above 999 tỷ the head repeats: 10^12 → "một nghìn tỷ", 10^18 → "một tỷ tỷ". */
function readPositive(n: bigint, leading: boolean): string[] {
  if (n < BILLION) return readBelowBillion(n, leading);
  const words = [...readPositive(n / BILLION, leading), "tỷ"];
  const tail = n % BILLION;
  if (tail > 0n) words.push(...readBelowBillion(tail, false));
  return words;
}

/**
 * An amount of money in words, as written on Vietnamese receipts:
 * 212110000 → "Hai trăm mười hai triệu một trăm mười nghìn đồng", 105 → "Một trăm linh năm đồng",
 * 1005 → "Một nghìn không trăm linh năm đồng", 0 → "Không đồng".
 * Conventions: "linh" (not "lẻ") for a zero tens digit; "mốt" for 1 after a tens digit of 2–9
 * (21 → "hai mươi mốt", but 11 → "mười một"); "lăm" for 5 after any tens digit (15, 25);
 * "bốn" everywhere (24 → "hai mươi bốn", never "tư"); "nghìn" (not "ngàn"); "tỷ".
 * Negative amounts start with "Âm"; fractions are rounded to whole đồng; non-finite gives "".
 */
export function moneyInWords(dong: number): string {
  if (!Number.isFinite(dong)) return "";
  const rounded = Math.round(dong);
  const n = BigInt(Math.abs(rounded));
  const words = n === 0n ? ["không"] : readPositive(n, true);
  if (rounded < 0) words.unshift("âm");
  words.push("đồng");
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
