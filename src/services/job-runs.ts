import type { DbOrTx } from "./context.js";
import { isUniqueViolation } from "../db/errors.js";

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

/**
 * Records that a job runs at an instant, inside the transaction of the job's own changes: if
 * another process (or an earlier run) recorded it first, the primary key refuses the row and
 * the whole transaction, so the job's effects happen once.
 */
export async function recordRun(tx: DbOrTx, key: RunKey | undefined, now: Date, outcome?: object) {
  if (!key) return;
  try {
    await tx.jobRun.create({ data: { job: key.job, instant: key.instant, wardId: key.wardId ?? null, ranAt: now, outcome } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyRan(key);
    throw error;
  }
}
