import { zoneOffsetMinutes } from "./time.js";

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
