import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { createDatabase, type DatabaseTarget } from "../../src/db/client.js";
import type { Database } from "../../src/db/types.js";

/**
 * Which engine the tests of this vitest project run on (test/vitest.config.ts): better-sqlite3
 * (the embedded default) or libSQL's embedded engine on the same kind of file. The services
 * must behave the same on both (one persistence design, src/db/guard.ts).
 */
export const databaseDriver = (): NonNullable<DatabaseTarget["driver"]> => inject("databaseDriver") ?? "better-sqlite3";

/** A fresh, fully migrated SQLite database file of its own, through the real Prisma client. */
export async function freshDatabase(): Promise<{ db: Database; url: string; path: string; driver: NonNullable<DatabaseTarget["driver"]> }> {
  const path = join(mkdtempSync(join(tmpdir(), "wardbot-db-")), "test.db");
  copyFileSync(inject("templateDatabase"), path);
  const url = `file:${path}`;
  const driver = databaseDriver();
  return { db: await createDatabase({ url, driver }), url, path, driver };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseDriver?: "better-sqlite3" | "libsql";
  }
}
