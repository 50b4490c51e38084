/**
 * One factory for the database, chosen by DATABASE_URL:
 *   file:…                  → embedded SQLite through better-sqlite3 (the default)
 *   libsql://, http(s)://   → libSQL / Turso / sqld, for several instances on one database
 *   file:… with driver "libsql" → the same file through libSQL's embedded engine (the tests run
 *                             the services on both: one persistence design, src/db/guard.ts)
 * Same Prisma client, same migrations. Node-only: the Workers runtime builds its client on D1.
 */
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/prisma/client.js";
import { bufferTransactions, inOneTransaction } from "./batching-adapter.js";
import { serializeConnection } from "./serialized-adapter.js";
import { cacheStatements } from "./statement-cache.js";

export type { Database } from "./types.js";

export interface DatabaseTarget {
  url: string;
  authToken?: string;
  /** For a file: URL, libSQL's embedded engine instead of better-sqlite3. */
  driver?: "better-sqlite3" | "libsql";
  /**
   * Transactions as D1 runs them (src/db/batching-adapter.ts): each batch's statements buffered
   * and committed together, and D1's limit of 100 bound values per statement. The tests use it
   * to prove, cheaply, that the code needs nothing more of a database than D1 gives.
   */
  bufferBatches?: boolean;
}

/** Busy timeout: a second process (or the migrator) holding the write lock makes us wait, not fail. */
const BUSY_TIMEOUT_MS = 5000;

export function isFileUrl(url: string): boolean {
  return url.startsWith("file:");
}

/** Whether the target is a file opened through better-sqlite3 (the embedded default). */
const onBetterSqlite3 = (target: DatabaseTarget) => isFileUrl(target.url) && target.driver !== "libsql";

/**
 * "file:./data/wardbot.db" → an absolute path, creating its folder (0700) and the empty file
 * (0600) when they do not exist yet: the database holds people's names and phones, so only its
 * owner reads it (SQLite gives the -wal and -shm files the database file's mode).
 */
function sqliteFilePath(url: string): string {
  const path = url.slice("file:".length).split("?")[0] ?? "";
  if (path === ":memory:" || path === "") return ":memory:";
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true, mode: 0o700 });
  if (!existsSync(absolute)) closeSync(openSync(absolute, "a", 0o600));
  return absolute;
}

export async function createAdapterFactory(target: DatabaseTarget): Promise<SqlMigrationAwareDriverAdapterFactory> {
  if (onBetterSqlite3(target)) {
    return new PrismaBetterSqlite3(
      { url: sqliteFilePath(target.url), timeout: BUSY_TIMEOUT_MS },
      // Timestamps as ISO text rather than the adapter's default unix-epoch integers: readable
      // in any SQLite tool, and the same encoding D1 and libSQL use.
      { timestampFormat: "iso8601" },
    );
  }
  // libSQL (its client, native engine and WebSocket stack) is loaded only when it is used: an
  // embedded-SQLite server would otherwise carry ~8 MB of it (README, "Performance").
  const { PrismaLibSql } = await import("@prisma/adapter-libsql");
  // libSQL opens a new connection after each transaction: the busy timeout is given to each.
  if (isFileUrl(target.url)) return new PrismaLibSql({ url: `file:${sqliteFilePath(target.url)}`, timeout: BUSY_TIMEOUT_MS });
  return new PrismaLibSql({ url: target.url, authToken: target.authToken });
}

export async function createDatabase(target: DatabaseTarget): Promise<PrismaClient> {
  const factory = await createAdapterFactory(target);
  const adapter = onBetterSqlite3(target) ? serializeConnection(cacheStatements(factory)) : factory;
  const db = new PrismaClient({
    adapter: target.bufferBatches ? bufferTransactions(adapter, inOneTransaction, true) : adapter,
    // Any other format makes Prisma capture a stack trace on every call, for the code frame it
    // prints on a failure: ~4 % of a webhook's CPU (README, "Performance"). Errors keep their
    // code and message.
    errorFormat: "minimal",
  });
  if (onBetterSqlite3(target)) {
    // WAL lets readers run beside the one writer; foreign keys are off by default in SQLite.
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  }
  return db;
}
