import { parseDateTimeInZone, zoneOffsetMinutes } from "./time.js";

/** Calendar facts of an instant as seen in a time zone. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

export function localDate(instant: Date, zone: string): LocalDate {
  const local = new Date(instant.getTime() + zoneOffsetMinutes(instant, zone) * 60_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), weekday: local.getUTCDay() };
}

/** ISO 8601 week number and its year (weeks start on Monday, as in Vietnam). */
export function isoWeek(date: { year: number; month: number; day: number }): { week: number; year: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return { week: Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7), year: d.getUTCFullYear() };
}

/** "Tuần 48/2026": the usual name of a weekly reporting period. */
export function weekLabel(instant: Date, zone: string): string {
  const { week, year } = isoWeek(localDate(instant, zone));
  return `Tuần ${week}/${year}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "2026-11-23" for a calendar day: how the API writes a local date. */
export function formatIsoDate(date: { year: number; month: number; day: number }): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** The calendar day of "YYYY-MM-DD", or null when it is not a real day (no 30 February). */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [year, month, day] = m.slice(1).map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? { year, month, day } : null;
}

/** The day `days` after (or before, when negative) a "YYYY-MM-DD" day. */
export function addDays(isoDate: string, days: number): string {
  const d = parseIsoDate(isoDate);
  if (!d) throw new RangeError(`not a date: ${isoDate}`);
  const shifted = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return formatIsoDate({ year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() });
}

/** The instant a local day starts in `zone` (midnight there). */
export function startOfLocalDay(isoDate: string, zone: string): Date {
  const start = parseDateTimeInZone(`${isoDate}T00:00`, zone);
  if (!start) throw new RangeError(`not a date: ${isoDate}`);
  return start;
}

