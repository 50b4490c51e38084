import type { JobRetry } from "../../db/generated/prisma/client.js";
import type { ServiceContext } from "../context.js";
import type { RunKey } from "../job-runs.js";

/**
 * The rule for a scheduled run that fails (the database was locked, a bug): it is not lost.
 * Later ticks run it again — first a minute later, then 2, 4, 8 … minutes (at most an hour
 * apart) — with the catch-up rules of a late fire (an opening whose week is over, a reminder
 * past the deadline are dropped). After MAX_ATTEMPTS failures (about four hours) it is given
 * up: logged as an error and kept with `givenUpAt` for an admin to see. A failing run never
 * holds back the ward's later runs nor the other wards: each is tried on its own.
 */
export const RETRY = { maxAttempts: 10, firstGapMs: 60_000, maxGapMs: 60 * 60_000 };

const gapMs = (attempts: number) => Math.min(RETRY.firstGapMs * 2 ** (attempts - 1), RETRY.maxGapMs);

/** Retries whose time has come (given-up ones stay where they are). */
export function dueRetries(ctx: ServiceContext, now: Date): Promise<JobRetry[]> {
  return ctx.db.jobRetry.findMany({ where: { givenUpAt: null, nextAttemptAt: { lte: now } }, orderBy: { dueAt: "asc" } });
}

/**
 * Notes a failed run, or one more failure of it, and when to try again. `dueAt`: when it was
 * due (for a ward's interval that could not be planned, its end: a later failure extends it). Never throws: the tick goes on. False when
 * even the note could not be written: the tick then keeps its mark, so the next one covers it.
 */
export async function recordFailure(ctx: ServiceContext, run: RunKey, dueAt: Date, error: unknown, now: Date): Promise<boolean> {
  const lastError = String((error as Error)?.message ?? error).slice(0, 500);
  const where = { job_instant: { job: run.job, instant: run.instant } };
  try {
    const before = await ctx.db.jobRetry.findUnique({ where });
    const attempts = (before?.attempts ?? 0) + 1;
    const givenUp = attempts >= RETRY.maxAttempts;
    const data = { attempts, lastError, dueAt, nextAttemptAt: new Date(now.getTime() + gapMs(attempts)), givenUpAt: givenUp ? now : null };
    await ctx.db.jobRetry.upsert({ where, create: { job: run.job, instant: run.instant, wardId: run.wardId ?? null, ...data }, update: data });
    const fields = { wardId: run.wardId, job: run.job, instant: run.instant.toISOString(), attempts, error: lastError };
    if (givenUp) ctx.log.error("scheduler: gave up on a job after repeated failures", fields);
    else ctx.log.warn("scheduler: a job failed; it will be tried again", { ...fields, nextAttemptAt: data.nextAttemptAt.toISOString() });
    return true;
  } catch (failure) {
    ctx.log.error("scheduler: a job failed and its retry could not be recorded", { wardId: run.wardId, job: run.job, instant: run.instant.toISOString(), error: lastError, failure });
    return false;
  }
}

/** A retried run is resolved: it ran (here or elsewhere), or no longer applies. */
export async function resolveRetry(ctx: ServiceContext, retry: JobRetry, how: "ran" | "already ran" | "no longer applies") {
  await ctx.db.jobRetry.deleteMany({ where: { job: retry.job, instant: retry.instant } });
  ctx.log.info("scheduler: a job that had failed is resolved", { wardId: retry.wardId, job: retry.job, instant: retry.instant.toISOString(), attempts: retry.attempts, how });
}
