import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/types.js";
import { freshDatabase } from "../support/database.js";

let db: Database;
beforeEach(async () => {
  ({ db } = await freshDatabase());
});
afterEach(() => db.$disconnect());

describe("the kept compiled statements", () => {
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
