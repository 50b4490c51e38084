import Sqlite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/types.js";
import { freshDatabase } from "../support/database.js";

/**
 * Every SQL text better-sqlite3 compiles (its `prepare`), observed on the class the Prisma adapter
 * opens its connection with, and passed through: what SQLite parses and plans.
 */
const compiled: string[] = [];
const prepare = Sqlite.prototype.prepare;

let db: Database;
beforeEach(async () => {
  compiled.length = 0;
  Sqlite.prototype.prepare = function (this: Sqlite.Database, sql: string) {
    compiled.push(sql);
    return prepare.call(this, sql);
  } as typeof prepare;
  ({ db } = await freshDatabase());
});
afterEach(async () => {
  Sqlite.prototype.prepare = prepare;
  await db.$disconnect();
});

/** How many times SQL texts containing `part` were compiled (Prisma quotes names with backticks). */
const compilations = (part: string) => compiled.filter((sql) => sql.includes(part)).length;

describe("the kept compiled statements", () => {
  it("compile each SQL text once, and reuse it for every call with other parameters", async () => {
    const windowStart = new Date("2026-12-01T00:00:00Z");
    for (let i = 0; i < 20; i++) await db.rateLimit.create({ data: { key: `k${i}`, windowStart, count: i } });
    const counts = [];
    for (let i = 0; i < 20; i++) counts.push((await db.rateLimit.findUniqueOrThrow({ where: { key: `k${i}` } })).count);
    expect(counts).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (let i = 0; i < 20; i++) await db.$transaction([db.rateLimit.update({ where: { key: `k${i}` }, data: { count: { increment: 1 } } })]);
    expect((await db.rateLimit.findMany({ orderBy: { count: "asc" } })).map((r) => r.count)).toEqual(counts.map((c) => c + 1));
    // 20 inserts, 20 + 20 reads and 20 updates: each SQL text compiled once, not 20 times.
    expect(compilations("INSERT INTO `main`.`RateLimit`")).toBe(1);
    expect(compilations("UPDATE `main`.`RateLimit`")).toBe(1);
    expect(compilations("FROM `main`.`RateLimit` WHERE (`main`.`RateLimit`.`key` = ?")).toBe(1);
    expect(compiled.length).toBe(new Set(compiled).size);
  });

  it("run the same SQL again with other parameters, for writes and reads, inside and outside transactions", async () => {
    const windowStart = new Date("2026-12-01T00:00:00Z");
    for (let i = 0; i < 5; i++) await db.rateLimit.create({ data: { key: `k${i}`, windowStart, count: i } });
    for (let i = 0; i < 5; i++) {
      const [row] = await db.$queryRaw<{ key: string; count: number | bigint }[]>`SELECT "key", "count" FROM "RateLimit" WHERE "key" = ${`k${i}`}`;
      expect([row!.key, Number(row!.count)]).toEqual([`k${i}`, i]);
    }
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 5; i++) expect(await tx.$executeRaw`UPDATE "RateLimit" SET "count" = "count" + 10 WHERE "key" = ${`k${i}`}`).toBe(1);
      expect(await tx.$executeRaw`UPDATE "RateLimit" SET "count" = 0 WHERE "key" = ${"none"}`).toBe(0);
    });
    expect((await db.rateLimit.findMany({ orderBy: { key: "asc" } })).map((r) => r.count)).toEqual([10, 11, 12, 13, 14]);
    // A failed transaction leaves nothing behind, and the statements stay usable after it.
    await expect(
      db.$transaction(async (tx) => {
        await tx.rateLimit.update({ where: { key: "k0" }, data: { count: 99 } });
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect((await db.rateLimit.findUniqueOrThrow({ where: { key: "k0" } })).count).toBe(10);
  });
});
