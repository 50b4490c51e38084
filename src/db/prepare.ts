/**
 * Brings a database up to date before the app uses it (Node). The schema engine is only loaded
 * when a migration is actually pending: on an up-to-date database a plain query settles it,
 * which keeps ordinary restarts fast.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fork } from "node:child_process";
import type { Logger } from "../core/logger.js";
import { createAdapterFactory, createDatabase, type DatabaseTarget } from "./client.js";
import { applyMigrations, loadMigrationList } from "./migrator.js";
import type { Database } from "./types.js";

/**
 * Read through the driver adapter rather than a Prisma client: a client made only for this check
 * (its query compiler and data model) would stay in memory beside the server's own.
 */
async function appliedMigrationNames(target: DatabaseTarget): Promise<Set<string> | null> {
  const connection = await (await createAdapterFactory(target)).connect();
  try {
    const result = await connection.queryRaw({
      sql: "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
      args: [],
      argTypes: [],
    });
    return new Set(result.rows.map((row) => String(row[0])));
  } catch {
    return null; // no migrations table yet: a new database
  } finally {
    await connection.dispose();
  }
}

/**
 * The bundle (`npm start`) migrates in a child process (src/db/migrate-worker.ts, built next to
 * it), so that the schema engine's WebAssembly and memory leave with it: a server started
 * on a new database idles at the same RSS as one started on an existing database (README,
 * "Performance"). Run from the sources (tests, `npm run dev`) there is no built worker: in process.
 */
async function migrate(target: DatabaseTarget): Promise<string[]> {
  const worker = new URL("./migrate-worker.mjs", import.meta.url);
  if (!existsSync(fileURLToPath(worker))) return applyMigrations(await createAdapterFactory(target));
  return new Promise((resolve, reject) => {
    let names: string[] | undefined;
    // The target in the environment, not argv: it may carry DATABASE_AUTH_TOKEN, and argv is public.
    fork(fileURLToPath(worker), [], {
      env: { ...process.env, WARDBOT_MIGRATE_TARGET: JSON.stringify(target) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    })
      .on("message", (message: string[]) => (names = message))
      .on("error", reject)
      .on("exit", (code) => (names ? resolve(names) : reject(new Error(`the migration process stopped (exit code ${code})`))));
  });
}

export async function openMigratedDatabase(target: DatabaseTarget, log: Logger): Promise<Database> {
  const applied = await appliedMigrationNames(target);
  const local = (await loadMigrationList()).migrationDirectories.map((d) => d.path);
  if (!applied || !local.every((name) => applied.has(name))) {
    const names = await migrate(target);
    if (names.length) log.info("database migrated", { applied: names });
  }
  return createDatabase(target);
}
