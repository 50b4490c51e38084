import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { createDatabase } from "../../src/db/client.js";
import type { Database } from "../../src/db/types.js";

/** A fresh, fully migrated SQLite database file of its own, through the real Prisma client. */
export async function freshDatabase(): Promise<{ db: Database; url: string; path: string }> {
  const path = join(mkdtempSync(join(tmpdir(), "wardbot-db-")), "test.db");
  copyFileSync(inject("templateDatabase"), path);
  const url = `file:${path}`;
  return { db: await createDatabase({ url }), url, path };
}
