import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGroupCommit } from "../../src/db/group-commit.js";
import { changedOrFail } from "../../src/db/guard.js";
import { isGuardFailure, isUniqueViolation } from "../../src/db/errors.js";
import type { Database } from "../../src/db/types.js";
import { freshDatabase } from "../support/database.js";

let db: Database;
beforeEach(async () => {
  ({ db } = await freshDatabase());
});
afterEach(() => db.$disconnect());

const windowStart = new Date("2026-12-01T00:00:00Z");
const create = (key: string, count = 1) => db.rateLimit.create({ data: { key, windowStart, count } });
/** A version-checked change of a counter: no row with that count, and the guard fails the batch. */
const bumpFrom = (key: string, count: number) => [
  db.rateLimit.updateMany({ where: { key, count }, data: { count: count + 1 } }),
  changedOrFail(db),
];
const rows = async () => (await db.rateLimit.findMany({ orderBy: { key: "asc" } })).map((r) => `${r.key}=${r.count}`);

/**
 * Counts the transactions the client runs (Prisma's own call, observed, not replaced), and calls
 * `onTransaction` as each starts.
 */
function countingTransactions(target: Database, onTransaction: (n: number) => void = () => undefined) {
  const counted = { transactions: 0 };
  const spy = new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (prop !== "$transaction") return typeof value === "function" ? value.bind(obj) : value;
      return (...args: unknown[]) => {
        onTransaction(++counted.transactions);
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
  return { spy, counted };
}

describe("group commit of batches", () => {
  it("commits the batches that arrive together in one transaction, in order", async () => {
    const { spy, counted } = countingTransactions(db);
    const group = createGroupCommit(spy);
    await Promise.all([group.commit([create("a")]), group.commit([create("b")]), group.commit([...bumpFrom("a", 1)])]);
    expect(await rows()).toEqual(["a=2", "b=1"]);
    expect(counted.transactions).toBe(1);
  });

  it("lets the turns that read while a group commits join the next group, not go one by one", async () => {
    let group!: ReturnType<typeof createGroupCommit>;
    const later: Promise<void>[] = [];
    // While the first group commits, one batch arrives ready ("c"), and three turns (requests read
    // in the same phase of the event loop) read, decide and commit right after it.
    const { spy, counted } = countingTransactions(db, (n) => {
      if (n !== 1) return;
      later.push(group.commit([create("c")]));
      for (const key of ["d", "e", "f"])
        later.push(
          new Promise<void>((r) => setImmediate(r)).then(async () => {
            await db.rateLimit.count();
            await group.commit([create(key)]);
          }),
        );
    });
    group = createGroupCommit(spy);
    await Promise.all([group.commit([create("a")]), group.commit([create("b")])]);
    await Promise.all(later);
    expect(await rows()).toEqual(["a=1", "b=1", "c=1", "d=1", "e=1", "f=1"]);
    // The first group, then c with d, e and f: not c alone, then d, e and f.
    expect(counted.transactions).toBe(2);
  });

  it("commits every batch of a refused group alone: a stale batch fails alone, with its own error", async () => {
    await db.$transaction([create("a", 5)]);
    const { spy, counted } = countingTransactions(db);
    const group = createGroupCommit(spy);
    const settled = await Promise.allSettled([
      group.commit([create("b")]),
      group.commit([...bumpFrom("a", 4)]), // decided on a count that is no longer there
      group.commit([create("b")]), // the same key as the first batch
      group.commit([...bumpFrom("a", 5)]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect(isGuardFailure((settled[1] as PromiseRejectedResult).reason)).toBe(true);
    expect(isUniqueViolation((settled[2] as PromiseRejectedResult).reason)).toBe(true);
    expect(await rows()).toEqual(["a=6", "b=1"]);
    expect(counted.transactions).toBe(1 + 4); // the group, then each batch alone
  });

  it("writes the rows every batch of a group adds at its end in one statement, and none of a refused batch", async () => {
    const statements: number[] = [];
    // One statement for any number of rows: records how many rows each statement carried.
    const write = (items: string[]) => {
      statements.push(items.length);
      return [db.rateLimit.createMany({ data: items.map((key) => ({ key, windowStart, count: 0 })) })];
    };
    const group = createGroupCommit(db);
    const settled = await Promise.allSettled([
      group.commit([create("a")], { items: ["a-reply"], write }),
      group.commit([...bumpFrom("zz", 1)], { items: ["lost-reply"], write }), // refused: no such counter
      group.commit([create("b")], { items: ["b-reply-1", "b-reply-2"], write }),
    ]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await rows()).toEqual(["a=1", "a-reply=0", "b=1", "b-reply-1=0", "b-reply-2=0"]);
    // The group's one statement for all four rows (refused as a whole), then each batch's own.
    expect(statements).toEqual([4, 1, 1, 2]);
  });
});
