import { z } from "@hono/zod-openapi";
import { parseIsoDate } from "../core/calendar.js";
import type { FieldCode } from "../core/errors.js";
import { parseDateTimeInZone, parseDurationMs } from "../core/time.js";

/**
 * The one way every date, date-time and duration of the admin API is checked, so that an
 * impossible calendar date (2026-13-01, 2026-02-30), a year nobody means (0001, 9999) or an
 * absurd duration is a 400 naming the field, never a 500 deeper down. Rules that need the ward's
 * clock ("in the future") stay in the services, which know the ward's zone and "now".
 */

/** Years an admin may mean: wardbot's records start in this century and plan a few years ahead. */
export const YEARS = { min: 2000, max: 2100 } as const;

const DATE_FORMAT = /^(\d{4})-\d{2}-\d{2}$/;
const DATE_TIME_FORMAT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?$/;
const yearMessage = `{field} phải trong các năm ${YEARS.min}–${YEARS.max}.`;
const yearOk = (year: string) => Number(year) >= YEARS.min && Number(year) <= YEARS.max;

/** Why `text` is not an acceptable "YYYY-MM-DD", or null when it is. */
export function dateProblem(text: string): string | null {
  const m = DATE_FORMAT.exec(text);
  if (!m) return "{field} chưa đúng: cần một ngày dạng YYYY-MM-DD, ví dụ 2026-09-03.";
  if (!yearOk(m[1]!)) return yearMessage;
  if (!parseIsoDate(text)) return `{field} không có thật trên lịch (${text}): xin kiểm tra lại ngày và tháng.`;
  return null;
}

/** Why `text` is not an acceptable ISO 8601 date-time (with or without offset), or null. */
export function dateTimeProblem(text: string): string | null {
  const m = DATE_TIME_FORMAT.exec(text);
  if (!m) return "{field} chưa đúng: cần ngày giờ dạng 2026-11-29T14:00 (hoặc 2026-11-29T14:00:00+07:00).";
  // Any zone tells whether the fields name a real date and time; the ward's zone comes later.
  if (!yearOk(m[1]!)) return yearMessage;
  if (!parseDateTimeInZone(text, "UTC")) return `{field} không có thật trên lịch (${text}): xin kiểm tra lại ngày, tháng và giờ.`;
  return null;
}

/** Reminders are sent at most this long before what they announce. */
export const MAX_REMINDER_DAYS = 60;

/** Why `text` is not an acceptable ISO 8601 duration of at most `maxDays`, or null. */
export function durationProblem(text: string, maxDays: number): string | null {
  const ms = parseDurationMs(text);
  if (ms === null) return "{field} chưa đúng: cần khoảng thời gian như P3D (3 ngày) hoặc PT2H (2 giờ).";
  if (ms > maxDays * 86_400_000) return `{field} dài nhất là ${maxDays} ngày (P${maxDays}D).`;
  return null;
}

/** A refinement from a problem function; `{field}` in its message becomes the field's label (validation.ts). */
const checked = (code: FieldCode, problem: (text: string) => string | null) => (text: string, ctx: z.RefinementCtx) => {
  const message = problem(text);
  if (message) ctx.addIssue({ code: "custom", message, params: { code } });
};

/** A local calendar day "YYYY-MM-DD". */
export const isoDate = (example = "2026-09-03") =>
  z.string().superRefine(checked("invalid_date", dateProblem)).openapi({ format: "date", example });

/** An instant with an offset, or a wall-clock time read in the ward's zone. */
export const isoDateTime = (example = "2026-11-29T14:00:00+07:00") =>
  z.string().superRefine(checked("invalid_date_time", dateTimeProblem)).openapi({ format: "date-time", example });

/** A day (the whole of it) or a date-time. */
export const isoDateOrDateTime = (example = "2026-12-05") =>
  z
    .string()
    .superRefine(checked("invalid_date", (t) => (DATE_FORMAT.test(t) ? dateProblem(t) : dateTimeProblem(t))))
    .openapi({ example, description: "YYYY-MM-DD (the whole day) or an ISO 8601 date-time" });

/** An ISO 8601 duration such as "P3D" or "PT2H", at most `maxDays` long. */
export const isoDuration = (maxDays = MAX_REMINDER_DAYS) =>
  z.string().superRefine(checked("invalid_duration", (t) => durationProblem(t, maxDays))).openapi({ format: "duration", example: "P3D" });

/** A calendar year in a query string. */
export const yearParam = () =>
  z.coerce
    .number()
    .int("Năm chưa đúng: cần một năm như 2026.")
    .min(YEARS.min, yearMessage)
    .max(YEARS.max, yearMessage)
    .openapi({ example: 2026 });
