import type { Database as Sqlite, Statement } from "better-sqlite3";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

/** Distinct SQL texts kept compiled: the app has a few dozen; lists of varying length add more. */
const CACHE_SIZE = 256;

/**
 * Prisma's better-sqlite3 adapter (7.10) compiles every query anew (`prepare`, then `bind`,
 * which fixes the parameters for good): SQLite's parsing and planning took ~8 % of a webhook's
 * CPU, for the same few statements over and over (README, "Performance"). This keeps the
 * compiled statements of the connection the adapter opened, and hands the adapter a light
 * stand-in whose `bind` only remembers the parameters for the call that follows.
 *
 * It reaches into the adapter (its `client` field, the calls it makes on a statement): if a
 * later version no longer has that shape, the connection is left as it is.
 */
export function cacheStatements(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withStatementCache(await factory.connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

function withStatementCache(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const client = (adapter as unknown as { client?: Sqlite }).client;
  if (!client || typeof client.prepare !== "function") return adapter;
  const compile = client.prepare.bind(client) as (sql: string) => Statement<unknown[]>;
  const cache = new Map<string, Reusable>();
  const compiled = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      // Oldest out first: simple, and a statement pushed out is merely compiled once more.
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(sql, (statement = reusable(compile(sql))));
    }
    return statement;
  };
  client.prepare = compiled as unknown as Sqlite["prepare"];
  return adapter;
}

type Reusable = ReturnType<typeof reusable>;

/** What the adapter does with a statement: bind, then run, or read the columns and all raw rows. */
function reusable(statement: Statement<unknown[]>) {
  let columns: ReturnType<Statement["columns"]> | undefined; // fixed for a compiled statement
  const withParameters = (parameters: unknown[]) => ({
    reader: statement.reader,
    run: () => statement.run(...parameters),
    columns: () => (columns ??= statement.columns()),
    raw: (on = true) => ({ all: () => statement.raw(on).all(...parameters) }),
  });
  return {
    reader: statement.reader,
    bind: (...parameters: unknown[]) => withParameters(parameters),
    run: (...parameters: unknown[]) => statement.run(...parameters),
  };
}
