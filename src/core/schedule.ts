import { Cron } from "croner";

/**
 * Cron expressions of a ward's schedule: five fields (minute hour day-of-month month
 * day-of-week), evaluated in the ward's time zone.
 */

export type CronCheck = { ok: true } | { ok: false; message: string };

export function checkCron(expression: string, zone: string): CronCheck {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    return { ok: false, message: `cần đúng 5 phần (phút giờ ngày tháng thứ), đang có ${fields.length}` };
  try {
    const cron = new Cron(expression, { timezone: zone, paused: true });
    if (!cron.nextRun(new Date())) return { ok: false, message: "không bao giờ đến lượt chạy" };
    return { ok: true };
  } catch (error) {
    return { ok: false, message: "không đọc được (ví dụ đúng: 0 8 * * 1 là 08:00 thứ Hai)" };
  }
}

/** The next `count` fire instants of a cron after `from` (exclusive). */
export function nextRuns(expression: string, zone: string, from: Date, count: number): Date[] {
  return new Cron(expression, { timezone: zone, paused: true }).nextRuns(count, from);
}

/** The next `count` fire instants across several crons, merged in time order without repeats. */
export function nextRunsOfAll(expressions: string[], zone: string, from: Date, count: number): Date[] {
  const all = expressions.flatMap((e) => nextRuns(e, zone, from, count));
  const unique = [...new Map(all.map((d) => [d.getTime(), d])).values()];
  return unique.sort((a, b) => a.getTime() - b.getTime()).slice(0, count);
}

/** The fire instants of a cron in (from, to], oldest first (bounded, for a tick's interval). */
export function firesBetween(expression: string, zone: string, from: Date, to: Date, max = 500): Date[] {
  const cron = new Cron(expression, { timezone: zone, paused: true });
  const fires: Date[] = [];
  let cursor = from;
  while (fires.length < max) {
    const next = cron.nextRun(cursor);
    if (!next || next > to) break;
    fires.push(next);
    cursor = next;
  }
  return fires;
}
