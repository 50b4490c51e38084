import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { createDatabase } from "../../src/db/client.js";
import type { Database } from "../../src/db/types.js";
import { openD1 } from "./d1.js";

/**
 * What the tests of a vitest project run on (test/vitest.config.ts):
 *  - "better-sqlite3": the embedded default;
 *  - "libsql": libSQL's embedded engine on the same kind of file;
 *  - "batched": better-sqlite3 with each batch buffered and committed together, as on D1
 *    (src/db/batching-adapter.ts): proves no batch reads its own results, cheaply;
 *  - "d1": Cloudflare D1 in workerd (Miniflare, test/support/d1.ts).
 * The services must behave the same on all (one persistence design, src/db/guard.ts).
 */
export type TestDriver = "better-sqlite3" | "libsql" | "batched" | "d1";

export const databaseDriver = (): TestDriver => inject("databaseDriver") ?? "better-sqlite3";

/**
 * A fresh, fully migrated database of its own, through the real Prisma client. `url` and `path`
 * name its SQLite file (on D1, in workerd's memory: none).
 */
export async function freshDatabase(): Promise<{ db: Database; url: string; path: string; driver: TestDriver }> {
  const driver = databaseDriver();
  if (driver === "d1") {
    const { db } = await openD1();
    return { db, url: "", path: "", driver };
  }
  const path = join(mkdtempSync(join(tmpdir(), "wardbot-db-")), "test.db");
  copyFileSync(inject("templateDatabase"), path);
  const url = `file:${path}`;
  const db = await createDatabase({ url, driver: driver === "libsql" ? "libsql" : "better-sqlite3", bufferBatches: driver === "batched" });
  return { db, url, path, driver };
}

/**
 * For a test that cannot run on this project's database: skips it there, saying why (printed).
 * `it.skipIf(cannotRunOn(["d1"], "two processes share one SQLite file"))(…)`.
 */
export function cannotRunOn(drivers: TestDriver[], reason: string): boolean {
  const skip = drivers.includes(databaseDriver());
  if (skip) console.info(`skipped on ${databaseDriver()}: ${reason}`);
  return skip;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseDriver?: TestDriver;
  }
}
