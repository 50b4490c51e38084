import { z } from "@hono/zod-openapi";
import { parseIsoDate } from "../core/calendar.js";
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
const yearMessage = `must be in the years ${YEARS.min}–${YEARS.max}`;
const yearOk = (year: string) => Number(year) >= YEARS.min && Number(year) <= YEARS.max;

/** Why `text` is not an acceptable "YYYY-MM-DD", or null when it is. */
export function dateProblem(text: string): string | null {
  const m = DATE_FORMAT.exec(text);
  if (!m) return "must be a date YYYY-MM-DD, e.g. 2026-09-03";
  if (!yearOk(m[1]!)) return yearMessage;
  if (!parseIsoDate(text)) return `is not a real calendar date (${text})`;
  return null;
}

/** Why `text` is not an acceptable ISO 8601 date-time (with or without offset), or null. */
export function dateTimeProblem(text: string): string | null {
  const m = DATE_TIME_FORMAT.exec(text);
  if (!m) return "must be an ISO 8601 date-time, e.g. 2026-11-29T14:00:00+07:00 or 2026-11-29T14:00";
  // Any zone tells whether the fields name a real date and time; the ward's zone comes later.
  if (!yearOk(m[1]!)) return yearMessage;
  if (!parseDateTimeInZone(text, "UTC")) return `is not a real date and time (${text})`;
  return null;
}

/** Reminders are sent at most this long before what they announce. */
export const MAX_REMINDER_DAYS = 60;

/** Why `text` is not an acceptable ISO 8601 duration of at most `maxDays`, or null. */
export function durationProblem(text: string, maxDays: number): string | null {
  const ms = parseDurationMs(text);
  if (ms === null) return 'must be an ISO 8601 duration of weeks, days, hours or minutes, such as "P3D" or "PT2H"';
  if (ms > maxDays * 86_400_000) return `must be at most ${maxDays} days (P${maxDays}D)`;
  return null;
}

const checked = (problem: (text: string) => string | null) => (text: string, ctx: z.RefinementCtx) => {
  const message = problem(text);
  if (message) ctx.addIssue({ code: "custom", message });
};

/** A local calendar day "YYYY-MM-DD". */
export const isoDate = (example = "2026-09-03") =>
  z.string().superRefine(checked(dateProblem)).openapi({ format: "date", example });

/** An instant with an offset, or a wall-clock time read in the ward's zone. */
export const isoDateTime = (example = "2026-11-29T14:00:00+07:00") =>
  z.string().superRefine(checked(dateTimeProblem)).openapi({ format: "date-time", example });

/** A day (the whole of it) or a date-time. */
export const isoDateOrDateTime = (example = "2026-12-05") =>
  z
    .string()
    .superRefine(checked((t) => (DATE_FORMAT.test(t) ? dateProblem(t) : dateTimeProblem(t))))
    .openapi({ example, description: "YYYY-MM-DD (the whole day) or an ISO 8601 date-time" });

/** An ISO 8601 duration such as "P3D" or "PT2H", at most `maxDays` long. */
export const isoDuration = (maxDays = MAX_REMINDER_DAYS) =>
  z.string().superRefine(checked((t) => durationProblem(t, maxDays))).openapi({ format: "duration", example: "P3D" });

/** A calendar year in a query string. */
export const yearParam = () =>
  z.coerce
    .number()
    .int("must be a whole year such as 2026")
    .min(YEARS.min, yearMessage)
    .max(YEARS.max, yearMessage)
    .openapi({ example: 2026 });
