import { afterEach, describe, expect, it } from "vitest";
import { commitOnD1, d1Error, type D1Binding } from "../../src/db/d1-adapter.js";
import { isClash, isGuardFailure, isUniqueViolation } from "../../src/db/errors.js";
import { changedOrFail } from "../../src/db/guard.js";
import { join, sql } from "../../src/db/sql.js";
import type { Database } from "../../src/db/types.js";
import { runUnitOfWork } from "../../src/services/batch.js";
import { openD1 } from "../support/d1.js";

/**
 * The D1 adapter on a real D1 (workerd, through Miniflare): a batch reaches D1 as ONE
 * `batch()`, so it is applied whole or not at all, and its failures are the errors the unit of
 * work knows (a clash to retry, a guard that fired).
 */
let db: Database;
afterEach(() => db?.$disconnect());

const ward = (id: string, name = id) => ({ id, kind: "ward", name, nameKey: name.toLowerCase(), timezone: "Asia/Ho_Chi_Minh" });

describe("a batch on D1", () => {
  it("is atomic: a guard failing at its last statement leaves nothing of the batch written", async () => {
    ({ db } = await openD1());
    const batch = [
      db.unit.create({ data: ward("w1") }),
      db.unit.create({ data: ward("w2") }),
      db.unit.updateMany({ where: { id: "nobody" }, data: { name: "x" } }),
      changedOrFail(db),
    ];
    const error = await db.$transaction(batch).catch((e: unknown) => e);
    expect(isGuardFailure(error)).toBe(true);
    expect(isClash(error)).toBe(true);
    expect(await db.unit.count()).toBe(0);
  });

  it("surfaces a unique clash as a clash, which the unit of work reads again and retries", async () => {
    ({ db } = await openD1());
    await db.unit.create({ data: ward("w1", "Ngọc Lâm") });
    let attempts = 0;
    const id = await runUnitOfWork(db, async () => {
      attempts++;
      // First planned on a stale reading: the id is taken by then, and the batch fails on it.
      const taken = attempts === 1 ? [] : (await db.unit.findMany({ select: { id: true } })).map((u) => u.id);
      const next = taken.includes("w1") ? "w2" : "w1";
      return { writes: [db.unit.create({ data: ward(next, `Phường ${next}`) }), db.auditLog.create({ data: { actor: "test", action: "ward.create", entity: "ward", entityId: next } })], result: next };
    });
    expect([attempts, id]).toEqual([2, "w2"]);
    expect((await db.unit.findMany({ orderBy: { id: "asc" } })).map((u) => u.id)).toEqual(["w1", "w2"]);
    expect(await db.auditLog.count()).toBe(1); // the refused batch's audit row was not written
  });

  it("reports a statement with more bound values than D1 takes, and writes nothing of its batch", async () => {
    ({ db } = await openD1());
    const ids = Array.from({ length: 101 }, (_, i) => `w${i}`);
    const error = await db
      .$transaction([db.unit.create({ data: ward("kept-out") }), db.$executeRaw`UPDATE "Unit" SET "name" = "name" WHERE "id" IN (${join(ids.map((i) => sql`${i}`))})`])
      .catch((e: unknown) => e as Error);
    expect(String((error as Error).message)).toMatch(/too many SQL variables/);
    expect(await db.unit.count()).toBe(0);
  });

  it("writes a createMany of more values than one statement binds (split to D1's limit) in the same batch", async () => {
    ({ db } = await openD1());
    const wards = Array.from({ length: 60 }, (_, i) => ward(`w${String(i).padStart(2, "0")}`)); // 60 × 5 values
    await db.$transaction([db.unit.createMany({ data: wards }), db.auditLog.create({ data: { actor: "test", action: "import", entity: "ward", entityId: "all" } })]);
    expect(await db.unit.count()).toBe(60);
    // findMany with a long `in` list is split the same way.
    const ids = [...wards.map((w) => w.id), ...Array.from({ length: 200 }, (_, i) => `x${i}`)];
    expect((await db.unit.findMany({ where: { id: { in: ids } }, select: { id: true } })).length).toBe(60);
  });

  it("reads and writes outside a batch straight away, and keeps dates, booleans and JSON as Prisma maps them", async () => {
    ({ db } = await openD1());
    const at = new Date("2026-11-23T01:02:03.456Z");
    await db.unit.create({ data: { ...ward("w1"), demo: true, createdAt: at } });
    await db.auditLog.create({ data: { actor: "test", action: "x", entity: "ward", entityId: "w1", details: { n: 1, text: "Tổ 1" }, at } });
    const row = await db.unit.findUniqueOrThrow({ where: { id: "w1" } });
    expect([row.demo, row.createdAt.toISOString()]).toEqual([true, at.toISOString()]);
    expect((await db.auditLog.findFirstOrThrow()).details).toEqual({ n: 1, text: "Tổ 1" });
    expect(await db.$queryRaw<{ n: number }[]>`SELECT count(*) AS "n" FROM "Unit" WHERE "demo" = ${true}`).toEqual([{ n: 1 }]);
  });

  it("refuses a batch that would read what it writes, saying so, before anything is sent", async () => {
    ({ db } = await openD1());
    const error = await db.$transaction([db.unit.create({ data: ward("w1") }), db.unit.findMany()]).catch((e: unknown) => e as Error);
    expect(String((error as Error).message)).toMatch(/a batch cannot read/);
    expect(await db.unit.count()).toBe(0);
  });
});

describe("D1's refusals", () => {
  it("sends a batch again when D1 was busy, and applies it once", async () => {
    const opened = await openD1();
    db = opened.db;
    // The real binding behind a stand-in that is busy once (what D1 answers under load).
    const binding = opened.binding;
    let busy = 1;
    const flaky: D1Binding = Object.assign(Object.create(binding), {
      batch: (statements: never[]) => (busy-- > 0 ? Promise.reject(new Error("D1_ERROR: database is locked: SQLITE_BUSY")) : binding.batch(statements)),
    });
    await commitOnD1(flaky)([{ sql: `INSERT INTO "SchedulerState" ("id", "lastTickAt") VALUES (?, ?)`, args: ["s", new Date()], argTypes: [{ scalarType: "string", arity: "scalar" }, { scalarType: "datetime", arity: "scalar" }] }]);
    expect([busy, await db.schedulerState.count()]).toEqual([-1, 1]);
  });

  it("are the adapter errors Prisma's adapters give: a unique key, a NOT NULL guard, anything else", () => {
    const unique = d1Error(new Error("D1_ERROR: UNIQUE constraint failed: ProcessedUpdate.channel, ProcessedUpdate.updateId: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_PRIMARYKEY)"));
    expect(unique).toMatchObject({ kind: "UniqueConstraintViolation", constraint: { fields: ["channel", "updateId"] }, table: "ProcessedUpdate" });
    expect(isUniqueViolation({ name: "DriverAdapterError", cause: unique })).toBe(true);
    const guard = d1Error(new Error("D1_ERROR: NOT NULL constraint failed: WriteGuard.stale: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_NOTNULL)"));
    expect(guard).toMatchObject({ kind: "NullConstraintViolation", constraint: { fields: ["stale"] } });
    expect(isGuardFailure({ name: "DriverAdapterError", cause: guard })).toBe(true);
    expect(d1Error(new Error("D1_ERROR: too many SQL variables at offset 221: SQLITE_ERROR"))).toMatchObject({ kind: "sqlite" });
  });
});
