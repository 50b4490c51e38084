import type { Database } from "./types.js";

type Tx = Parameters<Parameters<Database["$transaction"]>[0]>[0];

/** What a job sees of the batch it runs in. */
export interface Batch {
  /**
   * A list the jobs of the batch add to under `key`; `flush` gets it once, after the last job
   * and before the commit. For writes that nothing later in the batch reads back: one
   * statement for the batch instead of one per job.
   */
  gather<T>(key: object, flush: (tx: Tx, items: T[]) => Promise<void>): T[];
}

interface Job<T> {
  /** The work, run inside a transaction it shares with other jobs. */
  inShared: (tx: Tx, batch: Batch) => Promise<T>;
  /** The same work in a transaction of its own (with its own retries), if the shared one fails. */
  alone: () => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommit {
  run<T>(inShared: (tx: Tx, batch: Batch) => Promise<T>, alone: () => Promise<T>): Promise<T>;
}

/** Most jobs in one transaction: bounds the time the write lock is held and a batch's latency. */
export const MAX_BATCH = 32;

/**
 * Group commit. SQLite has one writer and a commit costs about as much as a small turn's own
 * statements (the transaction's round trips through Prisma, the WAL write), so when many jobs
 * wait, they are run one after the other inside one transaction and committed together: a job's
 * promise settles only after the commit that holds its writes, exactly as with a transaction
 * of its own. Jobs run in the order they came, never two at once.
 *
 * If any job of a batch throws (or the commit fails), nothing of the batch was written: every
 * job of it is then run again alone, so one bad job costs only itself. Jobs must therefore be
 * safe to run twice until committed (transactional work is; a turn's replies are collected per
 * run). A job that finds no other waiting with it runs in a transaction of its own, as before.
 */
export function createGroupCommit(db: Database, maxBatch = MAX_BATCH): GroupCommit {
  const waiting: Job<never>[] = [];
  let draining = false;

  async function runBatch(batch: Job<never>[]) {
    if (batch.length === 1) {
      const [job] = batch;
      await job!.alone().then(job!.resolve, job!.reject);
      return;
    }
    let results: unknown[];
    const gathered = new Map<object, { items: unknown[]; flush: (tx: Tx, items: never[]) => Promise<void> }>();
    const scope: Batch = {
      gather<T>(key: object, flush: (tx: Tx, items: T[]) => Promise<void>) {
        let list = gathered.get(key);
        if (!list) gathered.set(key, (list = { items: [], flush: flush as (tx: Tx, items: never[]) => Promise<void> }));
        return list.items as T[];
      },
    };
    try {
      // A batch holds the lock longer than one job: give it the time of all of them.
      results = await db.$transaction(
        async (tx) => {
          const out: unknown[] = [];
          for (const job of batch) out.push(await job.inShared(tx, scope));
          for (const { items, flush } of gathered.values()) await flush(tx, items as never[]);
          return out;
        },
        { timeout: 5_000 + 1_000 * batch.length },
      );
    } catch {
      for (const job of batch) await job.alone().then(job.resolve, job.reject);
      return;
    }
    batch.forEach((job, i) => job.resolve(results[i] as never));
  }

  async function drain() {
    try {
      while (waiting.length) await runBatch(waiting.splice(0, maxBatch));
    } finally {
      draining = false;
    }
  }

  return {
    run<T>(inShared: (tx: Tx, batch: Batch) => Promise<T>, alone: () => Promise<T>) {
      return new Promise<T>((resolve, reject) => {
        waiting.push({ inShared, alone, resolve, reject } as unknown as Job<never>);
        if (!draining) {
          draining = true;
          nextTurnOfEventLoop(() => void drain());
        }
      });
    },
  };
}

/**
 * Defers the start of a batch to the end of the event loop's current I/O phase. With an
 * embedded database a transaction runs to its end in microtasks, never yielding to I/O: without
 * this, each request would be committed alone before the next one is even read.
 */
const nextTurnOfEventLoop: (fn: () => void) => void = globalThis.setImmediate ?? ((fn) => setTimeout(fn, 0));

const perDatabase = new WeakMap<Database, GroupCommit>();

/** The group commit of a database client (one per client: they share its one connection). */
export function groupCommitOf(db: Database): GroupCommit {
  let group = perDatabase.get(db);
  if (!group) perDatabase.set(db, (group = createGroupCommit(db)));
  return group;
}
