import { weekLabel } from "../../core/calendar.js";
import { firesBetween, nextRuns } from "../../core/schedule.js";
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

type Fire = { kind: "open" | "remind" | "due"; instant: Date };

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
  await ctx.db.schedulerState.upsert({
    where: { id: STATE_ID },
    create: { id: STATE_ID, lastTickAt: now },
    update: { lastTickAt: now },
  });
  return { ran, skipped };
}

function firesOf(schedule: Schedule, zone: string, from: Date, to: Date): Fire[] {
  const fires: Fire[] = [
    ...firesBetween(schedule.opensAt, zone, from, to).map((instant) => ({ kind: "open" as const, instant })),
    ...(schedule.remindAt as string[]).flatMap((cron) => firesBetween(cron, zone, from, to).map((instant) => ({ kind: "remind" as const, instant }))),
    ...firesBetween(schedule.dueAt, zone, from, to).map((instant) => ({ kind: "due" as const, instant })),
  ];
  // In time order; at the same instant a deadline closes before anything opens.
  const order = { due: 0, remind: 1, open: 2 };
  return fires.sort((a, b) => a.instant.getTime() - b.instant.getTime() || order[a.kind] - order[b.kind]);
}

async function tickWard(ctx: ServiceContext, ward: Unit, schedule: Schedule, from: Date, now: Date) {
  const zone = ward.timezone ?? ctx.defaultTimezone;
  let ran = 0;
  let skipped = 0;
  for (const fire of firesOf(schedule, zone, from, now)) {
    const run: RunKey = { job: `${fire.kind}:${ward.id}`, instant: fire.instant, wardId: ward.id };
    const late = now.getTime() - fire.instant.getTime() > LATE_MS;
    try {
      const did = await runFire(ctx, ward, schedule, zone, fire, run, now);
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
async function runFire(ctx: ServiceContext, ward: Unit, schedule: Schedule, zone: string, fire: Fire, run: RunKey, now: Date) {
  if (fire.kind === "open") {
    const [dueAt] = nextRuns(schedule.dueAt, zone, fire.instant, 1);
    if (!dueAt || dueAt <= now) return false; // that period is already over
    if (!(await ctx.db.form.findUnique({ where: { wardId: ward.id } }))) return false;
    await openCycle(ctx, ward.id, {}, { dueAt, label: weekLabel(fire.instant, zone), run });
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
