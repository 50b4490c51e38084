import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGroupCommit } from "../../src/db/group-commit.js";
import type { Database } from "../../src/db/types.js";
import { freshDatabase } from "../support/database.js";

let db: Database;
beforeEach(async () => {
  ({ db } = await freshDatabase());
});
afterEach(() => db.$disconnect());

type Tx = Parameters<Parameters<Database["$transaction"]>[0]>[0];
const windowStart = new Date("2026-12-01T00:00:00Z");
/** A job writing one RateLimit row; `how` records which path ran it. */
function job(key: string, how: string[], fail = false) {
  const work = async (tx: Tx | Database, path: string) => {
    how.push(`${key}:${path}`);
    await tx.rateLimit.create({ data: { key, windowStart, count: 1 } });
    if (fail) throw new Error(`job ${key} fails`);
    return key.toUpperCase();
  };
  return [(tx: Tx) => work(tx, "shared"), () => db.$transaction((tx) => work(tx, "alone"))] as const;
}
const keys = async () => (await db.rateLimit.findMany({ orderBy: { key: "asc" } })).map((r) => r.key);

describe("group commit", () => {
  it("runs jobs that come together in one transaction, in order, each settling with its own result", async () => {
    const group = createGroupCommit(db);
    const how: string[] = [];
    const results = await Promise.all(["a", "b", "c", "d"].map((k) => group.run(...job(k, how))));
    expect(results).toEqual(["A", "B", "C", "D"]);
    expect(await keys()).toEqual(["a", "b", "c", "d"]);
    expect(how).toEqual(["a:shared", "b:shared", "c:shared", "d:shared"]);

    how.length = 0;
    expect(await group.run(...job("e", how))).toBe("E");
    expect(how).toEqual(["e:alone"]);
  });

  it("commits no job of a batch before the batch's commit", async () => {
    const group = createGroupCommit(db);
    const seenOutside: number[] = [];
    const jobs = ["a", "b", "c"].map((key) =>
      group.run(
        async (tx) => {
          await tx.rateLimit.create({ data: { key, windowStart, count: 1 } });
          return key;
        },
        async () => key,
      ),
    );
    // A query outside the transaction waits for it (one connection, serialized): it sees all or nothing.
    const outside = db.rateLimit.count().then((n) => seenOutside.push(n));
    await Promise.all([...jobs, outside]);
    expect([0, 3]).toContain(seenOutside[0]);
    expect(await keys()).toEqual(["a", "b", "c"]);
  });

  it("runs every job of a failed batch again alone: one bad job costs only itself", async () => {
    const group = createGroupCommit(db);
    const how: string[] = [];
    const settled = await Promise.allSettled(["a", "b", "c"].map((k) => group.run(...job(k, how, k === "b"))));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe("job b fails");
    expect(await keys()).toEqual(["a", "c"]);
    expect(how).toEqual(["a:shared", "b:shared", "a:alone", "b:alone", "c:alone"]);
  });

  it("writes what the jobs of a batch gathered once, before the commit, and nothing of a failed batch", async () => {
    const group = createGroupCommit(db);
    const KEY = {};
    const flushes: string[][] = [];
    const flush = async (tx: Tx, keys: string[]) => {
      flushes.push([...keys]);
      for (const key of keys) await tx.rateLimit.create({ data: { key, windowStart, count: 0 } });
    };
    const gathering = (key: string, fail = false) =>
      group.run(
        async (_tx, batch) => {
          batch.gather<string>(KEY, flush).push(`${key}-gathered`);
          if (fail) throw new Error("fails");
          return key;
        },
        async () => {
          if (fail) throw new Error("fails");
          await db.rateLimit.create({ data: { key: `${key}-alone`, windowStart, count: 0 } });
          return key;
        },
      );
    await Promise.all(["a", "b", "c"].map((k) => gathering(k)));
    expect(flushes).toEqual([["a-gathered", "b-gathered", "c-gathered"]]);
    expect(await keys()).toEqual(["a-gathered", "b-gathered", "c-gathered"]);

    flushes.length = 0;
    await db.rateLimit.deleteMany();
    await Promise.allSettled([gathering("d"), gathering("e", true)]);
    expect(flushes).toEqual([]);
    expect(await keys()).toEqual(["d-alone"]);
  });

  it("keeps batches within the size given", async () => {
    const how: string[] = [];
    let transactions = 0;
    const counting = new Proxy(db, {
      get: (target, prop, receiver) =>
        prop === "$transaction"
          ? (...args: unknown[]) => (transactions++, (target.$transaction as (...a: unknown[]) => unknown)(...args))
          : Reflect.get(target, prop, receiver),
    });
    const grouped = createGroupCommit(counting as Database, 2);
    await Promise.all(["a", "b", "c", "d", "e"].map((k) => grouped.run(...job(k, how))));
    expect(await keys()).toEqual(["a", "b", "c", "d", "e"]);
    // Five jobs waiting at once, at most two a transaction: two shared ones, then the fifth alone.
    expect(transactions).toBe(2);
    expect(how).toEqual(["a:shared", "b:shared", "c:shared", "d:shared", "e:alone"]);
  });
});
