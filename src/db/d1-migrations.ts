/**
 * D1's twins of the Prisma migrations: `wrangler d1 migrations apply` wants flat `NNNN_name.sql`
 * files, and D1 runs each in a transaction with foreign keys always on. Derived, never edited:
 * `npm run worker:migrations` writes them, and a test fails when they drift.
 *
 * Two differences from the SQLite migrations:
 * - `PRAGMA foreign_keys=OFF/ON` cannot take effect inside D1's transaction: left as comments
 *   (Prisma's `PRAGMA defer_foreign_keys=ON` already lets a table be redefined).
 * - With foreign keys on, `DROP TABLE` of a redefined table deletes its rows first, and that
 *   delete runs the children's ON DELETE CASCADE / SET NULL: a redefinition of a parent table
 *   would silently empty (or unlink) its children on a D1 database that has data. Before such a
 *   drop, a guard makes the migration fail (and D1 roll it back) when those children have rows;
 *   such a change needs a hand-made D1 migration that copies the children aside. On an empty
 *   database (a new Worker) the guard passes.
 */
import Database from "better-sqlite3";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface D1Migration {
  /** e.g. "0003_outbox.sql" */
  file: string;
  /** The Prisma migration's folder, e.g. "20261122050852_outbox". */
  source: string;
  sql: string;
}

/** The Prisma migration folders, in the order Prisma applies them. */
export function prismaMigrationDirs(migrationsDir: string): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{14}_/.test(d.name))
    .map((d) => d.name)
    .sort();
}

const DROP_TABLE = /^DROP TABLE "([^"]+)";$/;
const FOREIGN_KEYS_PRAGMA = /^PRAGMA foreign_keys=(ON|OFF);$/;
/** The ON DELETE actions that change the children's rows when a parent row goes. */
const ACTIONS_THAT_CHANGE_CHILDREN = new Set(["CASCADE", "SET NULL", "SET DEFAULT"]);

/** The tables whose rows a delete from `parent` would change (directly or down a cascade). */
function changedChildren(db: Database.Database, parent: string): string[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  const found = new Set<string>();
  const visit = (table: string) => {
    for (const child of tables) {
      const keys = db.prepare(`SELECT "table", on_delete FROM pragma_foreign_key_list(?)`).all(child) as { table: string; on_delete: string }[];
      if (keys.some((k) => k.table === table && ACTIONS_THAT_CHANGE_CHILDREN.has(k.on_delete)) && !found.has(child) && child !== parent) {
        found.add(child);
        visit(child);
      }
    }
  };
  visit(parent);
  return [...found].sort();
}

function guard(parent: string, children: string[]): string[] {
  const rows = children.map((c) => `SELECT 1 FROM "${c}"`).join(" UNION ALL ");
  return [
    `-- D1: dropping "${parent}" would run ON DELETE actions on ${children.map((c) => `"${c}"`).join(", ")} (foreign keys are always on).`,
    `-- Refuse (the migration fails and rolls back) rather than lose their rows: a D1 database with data needs a hand-made migration here.`,
    `CREATE TABLE "_d1_refuse_cascade" ("refused" TEXT NOT NULL);`,
    `INSERT INTO "_d1_refuse_cascade" ("refused") SELECT NULL WHERE EXISTS (${rows});`,
    `DROP TABLE "_d1_refuse_cascade";`,
  ];
}

/**
 * Every Prisma migration's D1 twin. The migrations are replayed on an in-memory SQLite database
 * to know, at each one, which tables refer to the tables it drops.
 */
export function deriveD1Migrations(migrationsDir: string): D1Migration[] {
  const db = new Database(":memory:");
  try {
    return prismaMigrationDirs(migrationsDir).map((dir, i) => {
      const original = readFileSync(join(migrationsDir, dir, "migration.sql"), "utf8");
      const out: string[] = [
        `-- D1 twin of prisma/migrations/${dir}/migration.sql, written by \`npm run worker:migrations\`:`,
        `-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).`,
      ];
      for (const line of original.replace(/\r\n/g, "\n").split("\n")) {
        const trimmed = line.trim();
        if (FOREIGN_KEYS_PRAGMA.test(trimmed)) {
          out.push(`-- ${trimmed} (no effect inside D1's transaction: foreign keys stay on)`);
          continue;
        }
        const dropped = DROP_TABLE.exec(trimmed)?.[1];
        if (dropped) {
          const children = changedChildren(db, dropped);
          if (children.length) out.push(...guard(dropped, children));
        }
        out.push(line);
      }
      db.exec(original);
      const name = dir.replace(/^\d{14}_/, "");
      return { file: `${String(i + 1).padStart(4, "0")}_${name}.sql`, source: dir, sql: out.join("\n").replace(/\n*$/, "\n") };
    });
  } finally {
    db.close();
  }
}
