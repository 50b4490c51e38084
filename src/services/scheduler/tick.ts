import { weekLabel } from "../../core/calendar.js";
import { localDate } from "../../core/calendar.js";
import { isDayOff } from "../../core/holidays.js";
import { firesBetween } from "../../core/schedule.js";
import { formatInstant, parseDurationMs } from "../../core/time.js";
import { remindMeeting, sendAttendanceDigest } from "../meeting-reminders.js";
import { postSummary } from "../summaries.js";

const DIGEST_BEFORE = "P1D";
import { localDaysOff } from "../days-off.js";
import type { Schedule, Unit } from "../../db/generated/prisma/client.js";
import type { ServiceContext } from "../context.js";
import { closeCycle, nudgeCycle } from "../cycle-lifecycle.js";
import { openCycle } from "../cycles.js";
import { AlreadyRan, type RunKey } from "../job-runs.js";

/** A tick looks back at most this far: older fires (a long outage) are caught up from here. */
const MAX_LOOKBACK_MS = 14 * 24 * 3600_000;
const FIRST_TICK_LOOKBACK_MS = 60_000;
/** A fire older than this when it is run counts as caught up (logged as such). */
const LATE_MS = 2 * 60_000;
const STATE_ID = "scheduler";

/** `instant` is when it runs; `planned` is the cron's own instant (the run's key). */
type Fire = { kind: "open" | "remind" | "due" | "summary"; instant: Date; planned: Date };

const DAY_MS = 24 * 3600_000;
/** How far back to look for a fire that a holiday pushed into this interval. */
const HOLIDAY_SHIFT_WINDOW_MS = 12 * DAY_MS;

/**
 * With skipHolidays, a fire on a day off (public holiday or the ward's own) is moved to the
 * same time on the next working day (Monday–Friday, not a day off) when it opens a cycle or
 * sets its deadline — the week still happens, a little later — and dropped when it is a
 * reminder, since the next reminder or the deadline follows anyway.
 */
function plan(cron: string, kind: Fire["kind"], zone: string, from: Date, to: Date, dayOff: ((d: Date) => boolean) | undefined): Fire[] {
  if (!dayOff) return firesBetween(cron, zone, from, to).map((instant) => ({ kind, instant, planned: instant }));
  const fires: Fire[] = [];
  for (const planned of firesBetween(cron, zone, new Date(from.getTime() - HOLIDAY_SHIFT_WINDOW_MS), to)) {
    let instant = planned;
    if (dayOff(instant)) {
      if (kind === "remind") continue;
      while (dayOff(instant) || isWeekend(instant, zone)) instant = new Date(instant.getTime() + DAY_MS);
    }
    if (instant > from && instant <= to) fires.push({ kind, instant, planned });
  }
  return fires;
}

const isWeekend = (instant: Date, zone: string) => [0, 6].includes(localDate(instant, zone).weekday);

/**
 * The scheduler's one-minute tick, a plain function of "now" so that node-cron, a Workers Cron
 * Trigger and tests all call the same thing. It runs every fire instant of every ward's
 * schedule that fell since the last tick, each (job, instant) exactly once (see recordRun). If
 * the clock went backwards, nothing runs and the mark is not moved back.
 */
export async function tick(ctx: ServiceContext, now: Date): Promise<{ ran: number; skipped: number }> {
  const state = await ctx.db.schedulerState.findUnique({ where: { id: STATE_ID } });
  const last = state?.lastTickAt ?? new Date(now.getTime() - FIRST_TICK_LOOKBACK_MS);
  if (now <= last) {
    if (now < last) ctx.log.warn("scheduler: the clock went backwards; waiting for it to pass the last tick", { last: last.toISOString() });
    return { ran: 0, skipped: 0 };
  }
  const from = new Date(Math.max(last.getTime(), now.getTime() - MAX_LOOKBACK_MS));
  const schedules = await ctx.db.schedule.findMany({ where: { enabled: true }, include: { ward: true } });
  let ran = 0;
  let skipped = 0;
  for (const schedule of schedules) {
    try {
      const result = await tickWard(ctx, schedule.ward, schedule, from, now);
      ran += result.ran;
      skipped += result.skipped;
    } catch (error) {
      // One ward's failure must not stop the others.
      ctx.log.error("scheduler: ward tick failed", { wardId: schedule.wardId, error });
    }
  }
  try {
    ran += await remindMeetings(ctx, from, now);
  } catch (error) {
    ctx.log.error("scheduler: meeting reminders failed", { error });
  }
  await ctx.db.schedulerState.upsert({
    where: { id: STATE_ID },
    create: { id: STATE_ID, lastTickAt: now },
    update: { lastTickAt: now },
  });
  return { ran, skipped };
}

/** Each meeting's `remindBefore` offsets that came due in (from, now], while it is still ahead. */
async function remindMeetings(ctx: ServiceContext, from: Date, now: Date): Promise<number> {
  const meetings = await ctx.db.meeting.findMany({ where: { status: "scheduled", startsAt: { gt: now } } });
  let ran = 0;
  for (const meeting of meetings) {
    // The chairs' digest goes the day before, like a reminder of its own.
    for (const offset of [...(meeting.remindBefore as string[]), DIGEST_BEFORE]) {
      const ms = parseDurationMs(offset);
      if (ms === null) continue;
      const instant = new Date(meeting.startsAt.getTime() - ms);
      if (instant <= from || instant > now) continue;
      try {
        const run = { job: offset === DIGEST_BEFORE ? `digest:${meeting.id}` : `meeting:${meeting.id}:${offset}`, instant, wardId: meeting.wardId };
        await (offset === DIGEST_BEFORE ? sendAttendanceDigest(ctx, meeting.id, run) : remindMeeting(ctx, meeting.id, run));
        ran++;
      } catch (error) {
        if (!(error instanceof AlreadyRan)) ctx.log.error("scheduler: meeting reminder failed", { meetingId: meeting.id, error });
      }
    }
  }
  return ran;
}

function firesOf(schedule: Schedule, zone: string, from: Date, to: Date, dayOff: ((d: Date) => boolean) | undefined): Fire[] {
  const fires: Fire[] = [
    ...plan(schedule.opensAt, "open", zone, from, to, dayOff),
    ...(schedule.remindAt as string[]).flatMap((cron) => plan(cron, "remind", zone, from, to, dayOff)),
    ...plan(schedule.dueAt, "due", zone, from, to, dayOff),
    ...plan(schedule.summaryAt, "summary", zone, from, to, dayOff),
  ];
  // In time order; at the same instant a deadline closes before anything opens.
  const order = { due: 0, summary: 1, remind: 2, open: 3 };
  return fires.sort((a, b) => a.instant.getTime() - b.instant.getTime() || order[a.kind] - order[b.kind]);
}

async function tickWard(ctx: ServiceContext, ward: Unit, schedule: Schedule, from: Date, now: Date) {
  const zone = ward.timezone ?? ctx.defaultTimezone;
  let dayOff: ((d: Date) => boolean) | undefined;
  if (schedule.skipHolidays) {
    const local = await localDaysOff(ctx.db, ward.id);
    dayOff = (d) => isDayOff(formatInstant(d, zone).slice(0, 10), local);
  }
  let ran = 0;
  let skipped = 0;
  for (const fire of firesOf(schedule, zone, from, now, dayOff)) {
    const run: RunKey = { job: `${fire.kind}:${ward.id}`, instant: fire.planned, wardId: ward.id };
    const late = now.getTime() - fire.instant.getTime() > LATE_MS;
    try {
      const did = await runFire(ctx, ward, schedule, zone, fire, run, now, dayOff);
      if (did) {
        ran++;
        if (late) ctx.log.info("scheduler: caught up a missed fire", { wardId: ward.id, job: fire.kind, instant: fire.instant.toISOString() });
      } else {
        skipped++;
        ctx.log.info("scheduler: skipped a fire that is no longer meaningful", { wardId: ward.id, job: fire.kind, instant: fire.instant.toISOString() });
      }
    } catch (error) {
      if (error instanceof AlreadyRan) continue; // another instance, or an earlier tick, ran it
      throw error;
    }
  }
  return { ran, skipped };
}

/** Runs one fire; false when it was skipped because it no longer makes sense (after a deadline). */
async function runFire(
  ctx: ServiceContext, ward: Unit, schedule: Schedule, zone: string, fire: Fire, run: RunKey, now: Date,
  dayOff: ((d: Date) => boolean) | undefined,
) {
  if (fire.kind === "open") {
    // The deadline of this period: the next due fire (moved past days off like the fire itself).
    const [dueAt] = plan(schedule.dueAt, "due", zone, fire.instant, new Date(fire.instant.getTime() + 60 * DAY_MS), dayOff)
      .filter((f) => f.planned > fire.instant)
      .map((f) => f.instant);
    if (!dueAt || dueAt <= now) return false; // that period is already over
    if (!(await ctx.db.form.findUnique({ where: { wardId: ward.id } }))) return false;
    await openCycle(ctx, ward.id, {}, { dueAt, label: weekLabel(fire.instant, zone), run });
    return true;
  }
  if (fire.kind === "summary") {
    // The newest cycle closed and not yet summarised; the scheduled summary is the week's final
    // one, so it locks the cycle (an admin's reopen lets late answers in again).
    const closed = await ctx.db.cycle.findFirst({ where: { wardId: ward.id, status: "closed" }, orderBy: { opensAt: "desc" } });
    if (!closed) return false;
    await postSummary(ctx, ward.id, { cycleId: closed.id, run, lock: true });
    return true;
  }
  const cycle = await ctx.db.cycle.findFirst({
    where: { wardId: ward.id, status: "open", opensAt: { lte: fire.instant } },
    orderBy: { opensAt: "desc" },
  });
  if (fire.kind === "remind") {
    // A nudge after the deadline helps nobody.
    if (!cycle || cycle.dueAt <= now || cycle.dueAt <= fire.instant) return false;
    await nudgeCycle(ctx, cycle.id, run);
    return true;
  }
  // due: close every open cycle of the ward whose deadline has come.
  const due = await ctx.db.cycle.findMany({ where: { wardId: ward.id, status: "open", dueAt: { lte: new Date(fire.instant.getTime() + 60_000) } } });
  if (!due.length) return false;
  for (const [i, c] of due.entries()) await closeCycle(ctx, c.id, i === 0 ? run : undefined);
  return true;
}
