import type { Write } from "./guard.js";
import type { Database } from "./types.js";

/** Most batches in one transaction: bounds the time the write lock is held and a group's latency. */
export const MAX_GROUP = 32;

/**
 * Group commit of batches. Each unit of work commits ONE batch (src/db/guard.ts), and its guards
 * are statements of that batch, so batches written one after the other in ONE transaction mean
 * exactly what they mean committed one by one, in that order: a batch decided on a state that
 * an earlier batch of the group changed fails its guard. On embedded SQLite a commit costs
 * more than a turn's own statements (the WAL write, and now and then a checkpoint, during which
 * better-sqlite3 holds the event loop): batches arriving while others are written are therefore
 * committed together, and each settles only after the commit that holds it.
 *
 * If the group's transaction fails (one batch's guard or key, say), nothing of it was written:
 * every batch of it is then committed alone, so one refused batch costs only itself and gets
 * its own error. (A Prisma call in a batch is a request, built again for each transaction.)
 * A batch that finds no other waiting is committed alone at once.
 *
 * `rows` are rows a batch adds at its end that nothing guards or reads back (a turn's replies
 * in the outbox): a group writes those of all its batches in one statement per `rows.write`,
 * after the batches, instead of one per batch (a statement costs ~50–100 µs through Prisma).
 */
export interface GroupCommit {
  commit<T>(writes: Write[], rows?: TrailingRows<T>): Promise<void>;
}

/** Rows to append at the end of a batch: `write` makes the statements for any number of them. */
export interface TrailingRows<T> {
  items: T[];
  write: (items: T[]) => Write[];
}

interface Waiting {
  writes: Write[];
  rows?: TrailingRows<unknown>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A batch's own statements: its writes, then its rows. */
const ownStatements = (batch: Waiting) => [...batch.writes, ...(batch.rows?.items.length ? batch.rows.write(batch.rows.items) : [])];

/** A group's statements: every batch's writes in order, then the rows of all, gathered by their `write`. */
function groupStatements(group: Waiting[]) {
  const gathered = new Map<TrailingRows<unknown>["write"], unknown[]>();
  for (const { rows } of group) if (rows?.items.length) gathered.set(rows.write, [...(gathered.get(rows.write) ?? []), ...rows.items]);
  return [...group.flatMap((b) => b.writes), ...[...gathered].flatMap(([write, items]) => write(items))];
}

export function createGroupCommit(db: Database, maxGroup = MAX_GROUP): GroupCommit {
  const waiting: Waiting[] = [];
  let draining = false;

  const alone = (batch: Waiting) => db.$transaction(ownStatements(batch)).then(() => batch.resolve(), batch.reject);

  async function commitGroup(group: Waiting[]) {
    if (group.length === 1) return alone(group[0]!);
    try {
      await db.$transaction(groupStatements(group));
    } catch {
      for (const batch of group) await alone(batch);
      return;
    }
    for (const batch of group) batch.resolve();
  }

  async function drain() {
    try {
      while (waiting.length) {
        await commitGroup(waiting.splice(0, maxGroup));
        // The turns whose reads waited for that commit decide now: let them join the next group,
        // rather than the next group going with the few that were ready first.
        if (waiting.length < maxGroup) await new Promise<void>((resolve) => nextTurnOfEventLoop(resolve));
      }
    } finally {
      draining = false;
    }
  }

  return {
    commit<T>(writes: Write[], rows?: TrailingRows<T>) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ writes, rows: rows as TrailingRows<unknown> | undefined, resolve, reject });
        if (!draining) {
          draining = true;
          nextTurnOfEventLoop(() => void drain());
        }
      });
    },
  };
}

/**
 * Defers the start of a group to the end of the event loop's current I/O phase: requests read
 * in the same phase are committed together, rather than each alone before the next is read.
 */
const nextTurnOfEventLoop: (fn: () => void) => void = globalThis.setImmediate ?? ((fn) => setTimeout(fn, 0));

const perDatabase = new WeakMap<Database, GroupCommit>();

/** The group commit of a database client (one per client). */
export function groupCommitOf(db: Database): GroupCommit {
  let group = perDatabase.get(db);
  if (!group) perDatabase.set(db, (group = createGroupCommit(db)));
  return group;
}
