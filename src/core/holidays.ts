import { lunarToSolar } from "./lunar.js";

/** A day off as "YYYY-MM-DD" with its Vietnamese name. */
export interface Holiday {
  date: string;
  name: string;
}

const iso = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
const plusDays = (d: { year: number; month: number; day: number }, n: number) => {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
};

/**
 * Vietnam's public holidays of a solar year (Labour Code 2019, art. 112): 1/1; Tết Nguyên Đán
 * as the eve and the first four days of the lunar year; Giỗ Tổ Hùng Vương (10/3 âm lịch);
 * 30/4; 1/5; 2/9 with the adjacent 1/9 (the government names 1/9 or 3/9 each year: wards add
 * the other as a local day off when needed). Weekend make-up days are decided yearly and are
 * also left to local days off.
 */
export function publicHolidays(year: number): Holiday[] {
  const tet = lunarToSolar(1, 1, year)!;
  const days: Holiday[] = [
    { date: `${year}-01-01`, name: "Tết Dương lịch" },
    { date: iso(plusDays(tet, -1)), name: "Tết Nguyên Đán (giao thừa)" },
    ...[0, 1, 2, 3].map((n) => ({ date: iso(plusDays(tet, n)), name: `Tết Nguyên Đán (mùng ${n + 1})` })),
    { date: iso(lunarToSolar(10, 3, year)!), name: "Giỗ Tổ Hùng Vương" },
    { date: `${year}-04-30`, name: "Ngày Giải phóng miền Nam" },
    { date: `${year}-05-01`, name: "Ngày Quốc tế Lao động" },
    { date: `${year}-09-01`, name: "Quốc khánh (ngày liền kề)" },
    { date: `${year}-09-02`, name: "Quốc khánh" },
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/** Whether a local date is a day off: a public holiday or one of the ward's own days off. */
export function isDayOff(date: string, localDaysOff: ReadonlySet<string>): boolean {
  return localDaysOff.has(date) || publicHolidays(Number(date.slice(0, 4))).some((h) => h.date === date);
}
