import Sqlite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/types.js";
import { freshDatabase } from "../support/database.js";

/**
 * better-sqlite3 gives Prisma one connection: without src/db/serialized-adapter.ts, a query of
 * one request issued while another request's transaction is open runs inside that transaction,
 * and is undone with it (a delivered message marked "sent" came back "pending" and was sent
 * twice). These tests fail with the wrapper removed from src/db/client.ts.
 */
const prepare = Sqlite.prototype.prepare;
let db: Database;
/** Called with each SQL text better-sqlite3 compiles (once per text: the statement cache). */
let onCompile: (sql: string) => void;
beforeEach(async () => {
  onCompile = () => undefined;
  Sqlite.prototype.prepare = function (this: Sqlite.Database, sql: string) {
    onCompile(sql);
    return prepare.call(this, sql);
  } as typeof prepare;
  ({ db } = await freshDatabase());
});
afterEach(async () => {
  Sqlite.prototype.prepare = prepare;
  await db.$disconnect();
});

const windowStart = new Date("2026-12-01T00:00:00Z");
const create = (key: string) => db.rateLimit.create({ data: { key, windowStart, count: 1 } });
const keys = async () => (await db.rateLimit.findMany({ orderBy: { key: "asc" } })).map((r) => r.key);

describe("one connection, serialised", () => {
  it("keeps the writes of other requests made while a refused batch was being written", async () => {
    await create("taken");
    // Other requests' writes, started as the batch's transaction begins (better-sqlite3 compiles
    // "BEGIN" then; a fresh database has not begun one yet), at several points of the batch.
    const others: Promise<string>[] = [];
    onCompile = (sql) => {
      if (sql === "BEGIN" && !others.length)
        for (let i = 0; i < 10; i++)
          others.push(
            (async () => {
              for (let hop = 0; hop < i * 3; hop++) await null;
              await create(`other-${i}`);
              return `other-${i}`;
            })(),
          );
    };
    // A batch of many statements, refused by its last (the key is taken): nothing of it stays.
    const batch = db.$transaction([...Array.from({ length: 30 }, (_, i) => create(`batch-${i}`)), create("taken")]);
    await expect(batch).rejects.toThrow();
    const written = await Promise.all(others);
    expect(written).toHaveLength(10);
    // Every write answered "done" is there; none of the refused batch is.
    expect(await keys()).toEqual([...written, "taken"].sort());
  });

  it("keeps a plain write made while another request's transaction is open and then undone", async () => {
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const undone = db.$transaction(async (tx) => {
      await tx.rateLimit.create({ data: { key: "in-transaction", windowStart, count: 1 } });
      opened();
      await new Promise((r) => setTimeout(r, 50));
      throw new Error("undo");
    });
    await open;
    const written = create("outside").then(() => "done"); // another request's write (started now: a Prisma call is lazy)
    await expect(undone).rejects.toThrow("undo");
    expect(await written).toBe("done");
    expect(await keys()).toEqual(["outside"]);
  });
});
