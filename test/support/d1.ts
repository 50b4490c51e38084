import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { d1Adapter, type D1Binding } from "../../src/db/d1-adapter.js";
import { PrismaClient } from "../../src/db/generated/prisma/client.js";
import { MIGRATIONS_DIR } from "../../src/db/migrator.js";
import type { Database } from "../../src/db/types.js";

/**
 * Cloudflare D1 for the tests, as workerd runs it locally (Miniflare, the engine of `wrangler
 * dev`), driven from Node through the binding's proxy: the same Prisma client as on Node, over
 * src/db/d1-adapter.ts. Nothing leaves the machine: the Worker is empty (no outbound fetch),
 * `cf` is the placeholder (no download of Cloudflare's request metadata).
 *
 * The schema is applied once (the SQL of prisma/migrations, in order, through D1 itself) to a
 * template kept on disk; each fresh database is a copy of that folder under a new Miniflare.
 */
const options = (persist: string) => ({ modules: true, script: "export default {}", d1Databases: ["DB"], d1Persist: persist, cf: false }) as const;

/** The statements of a migration file: Prisma writes one per `;` at a line's end, no triggers. */
export function migrationStatements(sql: string): string[] {
  return sql
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A folder holding a D1 database with every migration applied, for `openD1` to copy. */
export async function createD1Template(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "wardbot-d1-"));
  const mf = new Miniflare(options(dir));
  try {
    const db = (await mf.getD1Database("DB")) as unknown as D1Binding;
    const names = readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    for (const name of names) {
      const statements = migrationStatements(readFileSync(join(MIGRATIONS_DIR, name, "migration.sql"), "utf8"));
      // One batch per migration: all of it or nothing, as `wrangler d1 migrations apply` does.
      await db.batch(statements.map((s) => db.prepare(s)));
    }
  } finally {
    await mf.dispose();
  }
  return dir;
}

/** Miniflare instances of this process not disposed yet (test/support/d1-setup.ts ends them). */
export const openInstances = new Set<Miniflare>();

/** A fresh D1 database (a copy of the template) and a Prisma client on it; `$disconnect` stops its workerd. */
export async function openD1(template: string): Promise<{ db: Database; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), "wardbot-d1-db-"));
  cpSync(template, dir, { recursive: true });
  const mf = new Miniflare(options(dir));
  openInstances.add(mf);
  const binding = (await mf.getD1Database("DB")) as unknown as D1Binding;
  const db = new PrismaClient({ adapter: d1Adapter(binding), errorFormat: "minimal" });
  const disconnect = db.$disconnect.bind(db);
  let closed: Promise<void> | undefined;
  Object.assign(db, {
    $disconnect: () =>
      (closed ??= (async () => {
        await disconnect();
        await disposeInstance(mf);
        rmSync(dir, { recursive: true, force: true });
      })()),
  });
  return { db, path: dir };
}

export async function disposeInstance(mf: Miniflare) {
  if (!openInstances.delete(mf)) return;
  await mf.dispose();
}
