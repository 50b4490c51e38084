/**
 * Prisma migrations without network access. The Prisma CLI downloads a native schema engine
 * before any migrate command; the same engine is published as WebAssembly, and driven through
 * a driver adapter it applies and diffs the standard `prisma/migrations` folder. A user with
 * the internet can still run `prisma migrate deploy` on the same files.
 * Node-only (reads the folder from disk); the Workers runtime applies the same SQL through D1.
 */
import { readFile, readdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine as Engine } from "@prisma/schema-engine-wasm";

export const PRISMA_DIR = fileURLToPath(new URL("../../prisma/", import.meta.url));
export const SCHEMA_PATH = join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_DIR = join(PRISMA_DIR, "migrations");
const NO_FILTERS = { externalTables: [], externalEnums: [] };

let engineModule: Promise<typeof import("@prisma/schema-engine-wasm")> | undefined;

/** Loads the wasm engine once per process; a plain ESM import of it would need a Node flag. */
function loadEngineModule() {
  engineModule ??= (async () => {
    // The package exports no package.json; locate its files from the entry module.
    const entry = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm");
    const dir = dirname(entry);
    const bindings = await import(join(dir, "schema_engine_bg.js"));
    const bytes = await readFile(join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
    bindings.__wbg_set_wasm(instance.exports);
    // What the package's own entry does after wiring the module: initialises wasm-bindgen's
    // table of JS values. Without it, values passed to the engine are read from wrong slots.
    (instance.exports.__wbindgen_start as () => void)();
    return bindings as typeof import("@prisma/schema-engine-wasm");
  })();
  return engineModule;
}

export async function loadMigrationList(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const names = existsSync(dir)
    ? (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  const lockPath = join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: { tag: "ok" as const, value: await readFile(join(dir, name, "migration.sql"), "utf8") },
        },
      })),
    ),
  };
}

async function withEngine<T>(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: Engine, schema: string) => Promise<T>,
): Promise<T> {
  const wasm = await loadEngineModule();
  const schema = await readFile(SCHEMA_PATH, "utf8");
  // The engine never closes the connections it opens; track them so the database file is
  // released (and unlocked) as soon as the work is done.
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    connect: async () => {
      const connection = await adapter.connect();
      opened.push(connection);
      return connection;
    },
    connectToShadowDb: async () => {
      const connection = await adapter.connectToShadowDb();
      opened.push(connection);
      return connection;
    },
  };
  const engine = await wasm.SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    () => {}, // the engine's own tracing: not needed
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  try {
    return await fn(engine, schema);
  } finally {
    engine.free();
    await Promise.all(opened.map((c) => c.dispose()));
  }
}

/** Applies every migration not yet recorded in `_prisma_migrations`; returns their names. */
export async function applyMigrations(adapter: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const migrationsList = await loadMigrationList();
  return withEngine(adapter, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return result.appliedMigrationNames;
  });
}

/**
 * The SQL that would bring a database built from the migrations up to the schema; null when
 * they match. `scratch` must be an empty throwaway database: the migrations are applied to it,
 * then it is compared with the schema. (Diffing "from migrations" directly would replay them
 * into a shadow database through `executeRaw`, which better-sqlite3 refuses for multi-statement
 * scripts; applying them goes through `executeScript`.)
 */
export async function pendingSchemaChange(scratch: SqlMigrationAwareDriverAdapterFactory): Promise<string | null> {
  const migrationsList = await loadMigrationList();
  return withEngine(scratch, async (engine, schema) => {
    await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    const files = [{ path: SCHEMA_PATH, content: schema }];
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: PRISMA_DIR },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return result.exitCode === 2 && result.stdout ? result.stdout : null;
  });
}
