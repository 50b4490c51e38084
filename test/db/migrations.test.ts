import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { describe, expect, it } from "vitest";
import { PrismaClient } from "../../src/db/generated/prisma/client.js";
import { createDatabase } from "../../src/db/client.js";
import { applyMigrations, loadMigrationList, pendingSchemaChange } from "../../src/db/migrator.js";
import { openMigratedDatabase } from "../../src/db/prepare.js";
import { silentLogger } from "../../src/core/logger.js";

const tempDb = () => join(mkdtempSync(join(tmpdir(), "wardbot-mig-")), "app.db");

describe("migrations", () => {
  it("match prisma/schema.prisma: a schema change without a migration fails here", async () => {
    const drift = await pendingSchemaChange(new PrismaBetterSqlite3({ url: ":memory:" }));
    expect(drift, `schema.prisma has changes no migration covers; run npm run db:migration -- <name>:\n${drift}`).toBeNull();
  });

  it("build a new database offline, record themselves, and apply nothing the second time", async () => {
    const path = tempDb();
    const names = (await loadMigrationList()).migrationDirectories.map((d) => d.path);
    expect(await applyMigrations(new PrismaBetterSqlite3({ url: path }))).toEqual(names);
    expect(await applyMigrations(new PrismaBetterSqlite3({ url: path }))).toEqual([]);

    const db = await createDatabase({ url: `file:${path}` });
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>("SELECT migration_name FROM _prisma_migrations");
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    const fk = await db.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>("PRAGMA foreign_keys");
    expect(Number(fk[0]!.foreign_keys)).toBe(1);
    const mode = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode[0]!.journal_mode).toBe("wal");
    await db.$disconnect();
  });

  it("rebuild the database when its file was deleted", async () => {
    const path = tempDb();
    const first = await openMigratedDatabase({ url: `file:${path}` }, silentLogger);
    await first.unit.create({ data: { kind: "ward", name: "Phường Ngọc Lâm" } });
    await first.$disconnect();
    const { rmSync } = await import("node:fs");
    for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
    const again = await openMigratedDatabase({ url: `file:${path}` }, silentLogger);
    expect(await again.unit.count()).toBe(0);
    await again.unit.create({ data: { kind: "ward", name: "Phường Ngọc Lâm" } });
    await again.$disconnect();
  });

  it("apply the same files through the libSQL adapter", async () => {
    // libSQL's client also opens local files, so the Turso/sqld code path runs here offline.
    const url = `file:${tempDb()}`;
    const applied = await applyMigrations(new PrismaLibSql({ url }));
    expect(applied.length).toBeGreaterThan(0);
    const db = new PrismaClient({ adapter: new PrismaLibSql({ url }) });
    const ward = await db.unit.create({ data: { kind: "ward", name: "Phường Ngọc Lâm", timezone: "Asia/Ho_Chi_Minh" } });
    expect(await db.unit.findUnique({ where: { id: ward.id } })).toMatchObject({ name: "Phường Ngọc Lâm" });
    await db.$disconnect();
  });
});
