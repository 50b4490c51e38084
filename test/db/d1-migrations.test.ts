import Database from "better-sqlite3";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deriveD1Migrations, prismaMigrationDirs } from "../../src/db/d1-migrations.js";

/**
 * deploy/cloudflare/migrations are D1's twins of prisma/migrations (`npm run worker:migrations`).
 * They must not drift: a Prisma migration without its twin, or a twin edited by hand, fails here.
 * They are applied as D1 applies them (each file one transaction, foreign keys on); the
 * wrangler test applies them on a real local D1 (test/runtime/worker.test.ts).
 */
const PRISMA = "prisma/migrations";
const D1 = "deploy/cloudflare/migrations";
const committed = () => readdirSync(D1).filter((f) => f.endsWith(".sql")).sort();

/** One migration file the way D1 runs it: in a transaction, with foreign keys enforced. */
function applyAsD1(db: Database.Database, file: string) {
  db.exec(`BEGIN; ${readFileSync(join(D1, file), "utf8")}\nCOMMIT;`);
}

function d1Like() {
  const db = new Database(":memory:");
  db.pragma("foreign_keys = ON");
  return db;
}

describe("D1 migrations", () => {
  it("has one twin per Prisma migration, in the same order", () => {
    const dirs = prismaMigrationDirs(PRISMA);
    expect(committed()).toEqual(dirs.map((dir, i) => `${String(i + 1).padStart(4, "0")}_${dir.replace(/^\d{14}_/, "")}.sql`));
  });

  it("are exactly what `npm run worker:migrations` derives today", () => {
    for (const m of deriveD1Migrations(PRISMA))
      expect(readFileSync(join(D1, m.file), "utf8"), `${m.file} differs from prisma/migrations/${m.source}: run npm run worker:migrations`).toBe(m.sql);
  });

  it("apply in order on an empty database as D1 runs them, to the same tables as Prisma's", () => {
    const db = d1Like();
    for (const file of committed()) applyAsD1(db, file);
    const prisma = new Database(":memory:");
    for (const dir of prismaMigrationDirs(PRISMA)) prisma.exec(readFileSync(join(PRISMA, dir, "migration.sql"), "utf8"));
    const tables = (d: Database.Database) => d.prepare("SELECT name, sql FROM sqlite_master WHERE type IN ('table','index') AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
    expect(tables(db)).toEqual(tables(prisma));
    expect(db.pragma("foreign_key_check")).toEqual([]);
  });

  it("refuse a table redefinition that would cascade-delete rows on D1, leaving them in place", () => {
    const db = d1Like();
    const files = committed();
    const redefinesReport = files.findIndex((f) => readFileSync(join(D1, f), "utf8").includes('DROP TABLE "Report";'));
    for (const file of files.slice(0, redefinesReport)) applyAsD1(db, file);
    // A submitted report's history, as a live database would have it (its parents left out).
    db.pragma("foreign_keys = OFF");
    db.exec(`INSERT INTO "ReportRevision" ("id", "reportId", "answers", "memberId", "via", "late", "submittedAt") VALUES ('rev-1', 'report-1', '{}', 'member-1', 'telegram', 0, '2026-11-23T08:00:00.000Z')`);
    db.pragma("foreign_keys = ON");
    expect(() => applyAsD1(db, files[redefinesReport]!)).toThrow(/NOT NULL constraint failed: _d1_refuse_cascade.refused/);
    db.exec("ROLLBACK");
    expect(db.prepare(`SELECT count(*) AS n FROM "ReportRevision"`).get()).toEqual({ n: 1 });
  });
});
