import { localDate, weekLabel } from "../../core/calendar.js";
import { pruneIfDue } from "../retention.js";
import { isDayOff } from "../../core/holidays.js";
import { firesBetween } from "../../core/schedule.js";
import { formatInstant, parseDurationMs } from "../../core/time.js";
import type { JobRetry, Schedule, Unit } from "../../db/generated/prisma/client.js";
import type { ServiceContext } from "../context.js";
import { closeCycle, nudgeCycle } from "../cycle-lifecycle.js";
import { openCycle } from "../cycle-opening.js";
import { localDaysOff } from "../days-off.js";
import { AlreadyRan, type RunKey } from "../job-runs.js";
import { remindMeeting, sendAttendanceDigest } from "../meeting-reminders.js";
import { postSummary } from "../summaries.js";
import { dueRetries, recordFailure, resolveRetry } from "./retries.js";
import { realCycle } from "../real-cycles.js";

const DIGEST_BEFORE = "P1D";
/** A tick looks back at most this far: older fires (a long outage) are caught up from here. */
const MAX_LOOKBACK_MS = 14 * 24 * 3600_000;
const FIRST_TICK_LOOKBACK_MS = 60_000;
/** A fire older than this when it is run counts as caught up (logged as such). */
const LATE_MS = 2 * 60_000;
const STATE_ID = "scheduler";

/** `instant` is when it runs; `planned` is the cron's own instant (the run's key). */
type Fire = { kind: FireKind; instant: Date; planned: Date; retry?: JobRetry };
type FireKind = "open" | "remind" | "due" | "summary";
const FIRE_KINDS: readonly string[] = ["open", "remind", "due", "summary"] satisfies FireKind[];
/** The job of a ward's interval that could not be planned (retries.ts): replayed as a whole. */
const GAP = "ward";
const kindOf = (job: string) => job.slice(0, job.indexOf(":"));

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
 * schedule that fell since the last tick, each (job, instant) exactly once (see recordRun), and
 * the runs that failed earlier and are due again (retries.ts). If the clock went backwards,
 * nothing runs and the mark is not moved back.
 */
export async function tick(ctx: ServiceContext, now: Date): Promise<{ ran: number; skipped: number }> {
  const state = await ctx.db.schedulerState.findUnique({ where: { id: STATE_ID } });
  const last = state?.lastTickAt ?? new Date(now.getTime() - FIRST_TICK_LOOKBACK_MS);
  if (now <= last) {
    if (now < last) ctx.log.warn("scheduler: the clock went backwards; waiting for it to pass the last tick", { last: last.toISOString() });
    return { ran: 0, skipped: 0 };
  }
  const from = new Date(Math.max(last.getTime(), now.getTime() - MAX_LOOKBACK_MS));
  const retries = await dueRetries(ctx, now);
  // An archived ward keeps its schedule for when it is restored, but nothing runs for it meanwhile.
  const schedules = await ctx.db.schedule.findMany({ where: { enabled: true, ward: { archivedAt: null } }, include: { ward: true } });
  const totals = { ran: 0, skipped: 0, unrecorded: 0 };
  const add = (r: { ran: number; skipped: number; unrecorded: number }) => {
    totals.ran += r.ran;
    totals.skipped += r.skipped;
    totals.unrecorded += r.unrecorded;
  };
  for (const schedule of schedules) {
    const mine = retries.filter((r) => r.wardId === schedule.wardId && (FIRE_KINDS.includes(kindOf(r.job)) || kindOf(r.job) === GAP));
    add(await tickWard(ctx, schedule.ward, schedule, from, now, mine));
  }
  try {
    // A ward's run due again while its schedule is now off (or gone) no longer applies.
    const wards = new Set(schedules.map((s) => s.wardId));
    for (const r of retries) if ((FIRE_KINDS.includes(kindOf(r.job)) || kindOf(r.job) === GAP) && !wards.has(r.wardId ?? "")) await resolveRetry(ctx, r, "no longer applies");
    add(await remindMeetings(ctx, from, now, retries.filter((r) => ["meeting", "digest"].includes(kindOf(r.job)))));
  } catch (error) {
    ctx.log.error("scheduler: meeting reminders failed", { error });
  }
  if (totals.unrecorded) {
    // A failure could not even be noted: keep the mark, so the next tick covers it again.
    ctx.log.error("scheduler: keeping the last tick's mark so that the next tick tries again", { unrecorded: totals.unrecorded });
    return { ran: totals.ran, skipped: totals.skipped };
  }
  await ctx.db.schedulerState.upsert({
    where: { id: STATE_ID },
    create: { id: STATE_ID, lastTickAt: now },
    update: { lastTickAt: now },
  });
  // Bookkeeping rows past their period (src/services/retention.ts), once an hour.
  await pruneIfDue(ctx, now);
  return { ran: totals.ran, skipped: totals.skipped };
}

/**
 * Runs one job and settles what it means for the schedule: a retry that ran, was run by someone
 * else or no longer applies is resolved; a failure is noted to be tried again (retries.ts).
 * Returns what happened, "unrecorded" when the failure could not be noted.
 */
async function attempt(ctx: ServiceContext, run: RunKey, due: Date, retry: JobRetry | undefined, now: Date, job: () => Promise<boolean>) {
  try {
    const did = await job();
    if (retry) await resolveRetry(ctx, retry, did ? "ran" : "no longer applies");
    return did ? "ran" : "skipped";
  } catch (error) {
    if (error instanceof AlreadyRan) {
      // Another instance, or an earlier tick, ran it.
      if (retry) await resolveRetry(ctx, retry, "already ran").catch(() => undefined);
      return "already ran";
    }
    return (await recordFailure(ctx, run, due, error, now)) ? "failed" : "unrecorded";
  }
}

/**
 * Each meeting's `remindBefore` offsets that came due in (from, now], while it is still ahead,
 * and those that failed before and are due again.
 */
async function remindMeetings(ctx: ServiceContext, from: Date, now: Date, retries: JobRetry[]) {
  const totals = { ran: 0, skipped: 0, unrecorded: 0 };
  const meetings = await ctx.db.meeting.findMany({ where: { status: "scheduled", startsAt: { gt: now }, ward: { archivedAt: null } } });
  const runs: { run: RunKey; meetingId: string; digest: boolean; retry?: JobRetry }[] = [];
  for (const meeting of meetings) {
    // The chairs' digest goes the day before, like a reminder of its own.
    for (const offset of [...(meeting.remindBefore as string[]), DIGEST_BEFORE]) {
      const ms = parseDurationMs(offset);
      if (ms === null) continue;
      const instant = new Date(meeting.startsAt.getTime() - ms);
      if (instant <= from || instant > now) continue;
      const digest = offset === DIGEST_BEFORE;
      runs.push({ run: { job: digest ? `digest:${meeting.id}` : `meeting:${meeting.id}:${offset}`, instant, wardId: meeting.wardId }, meetingId: meeting.id, digest });
    }
  }
  for (const retry of retries) {
    const meetingId = retry.job.split(":")[1]!;
    const run = { job: retry.job, instant: retry.instant, wardId: retry.wardId ?? undefined };
    const fresh = runs.find((r) => r.run.job === retry.job && r.run.instant.getTime() === retry.instant.getTime());
    if (fresh) fresh.retry = retry;
    // A meeting cancelled or already begun needs no reminder any more.
    else if (!meetings.some((m) => m.id === meetingId)) await resolveRetry(ctx, retry, "no longer applies");
    else runs.push({ run, meetingId, digest: kindOf(retry.job) === "digest", retry });
  }
  for (const { run, meetingId, digest, retry } of runs) {
    const outcome = await attempt(ctx, run, run.instant, retry, now, async () => {
      await (digest ? sendAttendanceDigest(ctx, meetingId, run) : remindMeeting(ctx, meetingId, run));
      return true;
    });
    if (outcome === "ran") totals.ran++;
    if (outcome === "unrecorded") totals.unrecorded++;
  }
  return totals;
}

function firesOf(schedule: Schedule, zone: string, from: Date, to: Date, dayOff: ((d: Date) => boolean) | undefined): Fire[] {
  const fires: Fire[] = [
    ...plan(schedule.opensAt, "open", zone, from, to, dayOff),
    ...(schedule.remindAt as string[]).flatMap((cron) => plan(cron, "remind", zone, from, to, dayOff)),
    ...plan(schedule.dueAt, "due", zone, from, to, dayOff),
    ...plan(schedule.summaryAt, "summary", zone, from, to, dayOff),
  ];
  return fires;
}

/**
 * In time order; at the same instant a deadline closes before anything opens. A run both due
 * again and in this interval (a tick that did not move the mark) is kept once, as the retry.
 */
function inOrder(fires: Fire[]): Fire[] {
  const byKey = new Map<string, Fire>();
  for (const fire of fires) {
    const key = `${fire.kind}|${fire.planned.getTime()}`;
    if (!byKey.has(key) || fire.retry) byKey.set(key, fire);
  }
  const order = { due: 0, summary: 1, remind: 2, open: 3 };
  return [...byKey.values()].sort((a, b) => a.instant.getTime() - b.instant.getTime() || order[a.kind] - order[b.kind]);
}

/**
 * A ward's fires in (from, now], with its runs due again. If even planning them fails (reading
 * the ward's days off), the interval is noted as a job of its own (`ward:<id>`), replayed whole
 * when it comes due: one such note per ward, extended by each later failure.
 */
async function tickWard(ctx: ServiceContext, ward: Unit, schedule: Schedule, from: Date, now: Date, retries: JobRetry[]) {
  const totals = { ran: 0, skipped: 0, unrecorded: 0 };
  const zone = ward.timezone ?? ctx.defaultTimezone;
  const gap = retries.find((r) => kindOf(r.job) === GAP);
  let fires: Fire[];
  let dayOff: ((d: Date) => boolean) | undefined;
  try {
    if (schedule.skipHolidays) {
      const local = await localDaysOff(ctx.db, ward.id);
      dayOff = (d) => isDayOff(formatInstant(d, zone).slice(0, 10), local);
    }
    fires = firesOf(schedule, zone, from, now, dayOff);
    if (gap) fires.push(...firesOf(schedule, zone, gap.instant, gap.dueAt, dayOff));
    for (const retry of retries.filter((r) => r !== gap))
      fires.push({ kind: kindOf(retry.job) as FireKind, instant: retry.dueAt, planned: retry.instant, retry });
    fires = inOrder(fires);
  } catch (error) {
    ctx.log.error("scheduler: ward tick failed", { wardId: ward.id, error });
    const pending = gap ?? (await ctx.db.jobRetry.findFirst({ where: { job: `${GAP}:${ward.id}`, givenUpAt: null } }));
    const noted = await recordFailure(ctx, { job: `${GAP}:${ward.id}`, instant: pending?.instant ?? from, wardId: ward.id }, now, error, now);
    return { ...totals, unrecorded: noted ? 0 : 1 };
  }
  if (gap) await resolveRetry(ctx, gap, "ran");
  for (const fire of fires) {
    const run: RunKey = { job: `${fire.kind}:${ward.id}`, instant: fire.planned, wardId: ward.id };
    const late = now.getTime() - fire.instant.getTime() > LATE_MS;
    const outcome = await attempt(ctx, run, fire.instant, fire.retry, now, () => runFire(ctx, ward, schedule, zone, fire, run, now, dayOff));
    if (outcome === "ran") {
      totals.ran++;
      if (late) ctx.log.info("scheduler: caught up a missed fire", { wardId: ward.id, job: fire.kind, instant: fire.instant.toISOString() });
    } else if (outcome === "skipped") {
      totals.skipped++;
      ctx.log.info("scheduler: skipped a fire that is no longer meaningful", { wardId: ward.id, job: fire.kind, instant: fire.instant.toISOString() });
    } else if (outcome === "unrecorded") totals.unrecorded++;
  }
  return totals;
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
    const closed = await ctx.db.cycle.findFirst({ where: realCycle({ wardId: ward.id, status: "closed" }), orderBy: { opensAt: "desc" } });
    if (!closed) return false;
    await postSummary(ctx, ward.id, { cycleId: closed.id, run, lock: true });
    return true;
  }
  const cycle = await ctx.db.cycle.findFirst({
    where: realCycle({ wardId: ward.id, status: "open", opensAt: { lte: fire.instant } }),
    orderBy: { opensAt: "desc" },
  });
  if (fire.kind === "remind") {
    // A nudge after the deadline helps nobody.
    if (!cycle || cycle.dueAt <= now || cycle.dueAt <= fire.instant) return false;
    await nudgeCycle(ctx, cycle.id, run);
    return true;
  }
  // due: close every open cycle of the ward whose deadline has come.
  const due = await ctx.db.cycle.findMany({ where: realCycle({ wardId: ward.id, status: "open", dueAt: { lte: new Date(fire.instant.getTime() + 60_000) } }) });
  if (!due.length) return false;
  for (const [i, c] of due.entries()) await closeCycle(ctx, c.id, i === 0 ? run : undefined);
  return true;
}
