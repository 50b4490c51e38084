/**
 * Brings a database up to date before the app uses it (Node). The schema engine is only loaded
 * when a migration is actually pending: on an up-to-date database a plain query settles it,
 * which keeps ordinary restarts fast.
 */
import type { Logger } from "../core/logger.js";
import { createAdapterFactory, createDatabase, type DatabaseTarget } from "./client.js";
import { applyMigrations, loadMigrationList } from "./migrator.js";
import type { Database } from "./types.js";

async function appliedMigrationNames(db: Database): Promise<Set<string> | null> {
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    return new Set(rows.map((r) => r.migration_name));
  } catch {
    return null; // no migrations table yet: a new database
  }
}

export async function openMigratedDatabase(target: DatabaseTarget, log: Logger): Promise<Database> {
  const db = await createDatabase(target);
  const applied = await appliedMigrationNames(db);
  const local = (await loadMigrationList()).migrationDirectories.map((d) => d.path);
  if (applied && local.every((name) => applied.has(name))) return db;
  // The engine opens its own connection; ours must not hold the file meanwhile.
  await db.$disconnect();
  const names = await applyMigrations(createAdapterFactory(target));
  if (names.length) log.info("database migrated", { applied: names });
  return createDatabase(target);
}
