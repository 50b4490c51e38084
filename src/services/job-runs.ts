import type { Write } from "../db/guard.js";
import type { Database } from "../db/types.js";

export interface RunKey {
  job: string;
  instant: Date;
  wardId?: string;
}

export class AlreadyRan extends Error {
  constructor(readonly key: RunKey) {
    super(`${key.job} at ${key.instant.toISOString()} already ran`);
  }
}

/*
 * A scheduled job's effects happen once per (job, instant): its unit of work reads whether the
 * run is recorded (then it stops: AlreadyRan) and commits the run's row in the batch of its
 * changes. If another process (or an earlier tick) recorded it meanwhile, the primary key
 * refuses the row and the whole batch; the unit is read again and finds the run recorded.
 */

/** Read phase: throws AlreadyRan when the run is already recorded. */
export async function assertNotRun(db: Database, key: RunKey | undefined): Promise<void> {
  if (key && (await db.jobRun.findUnique({ where: { job_instant: { job: key.job, instant: key.instant } } }))) throw new AlreadyRan(key);
}

/** The run's row, as the first write of the job's batch (none for an admin's own call). */
export function runWrite(db: Database, key: RunKey | undefined, now: Date, outcome?: object): Write[] {
  if (!key) return [];
  return [db.jobRun.create({ data: { job: key.job, instant: key.instant, wardId: key.wardId ?? null, ranAt: now, outcome } })];
}
