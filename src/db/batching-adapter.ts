/**
 * Transactions as D1 runs them: buffered, then sent as ONE batch. Runtime-neutral: it wraps any
 * driver adapter, and is given how to commit a list of statements atomically (D1's `batch()`,
 * or one SQLite transaction in the tests that prove our batches need nothing more).
 *
 * Inside a transaction no statement reaches the database until commit: each one is recorded and
 * answered at once with an empty result (no rows, 0 rows changed), and commit sends them all
 * together, where a failing statement undoes the whole batch. So the batches of the code
 * (src/db/guard.ts) must not depend on a statement's result during the batch:
 *  - no read after a write in a batch: it is refused with a clear error (it would not see the
 *    write). Reads before the first write run at once, outside the batch: Prisma reads a long
 *    `in` list in several statements inside a transaction of its own;
 *  - no `update`/`delete` by a unique where in a batch: Prisma compiles them to `… RETURNING`
 *    and takes the empty answer for "record not found" (P2025). `updateMany`, `deleteMany`,
 *    `create`, `createMany` and raw statements are fine, with `changedOrFail` where a change
 *    must have happened; so is an `upsert` Prisma runs as one `INSERT … ON CONFLICT` (on a
 *    unique key, plain fields), whose result is not used; no nested creates;
 *  - the values `$transaction([...])` returns are placeholders: ids and rows are decided in code
 *    before the batch (src/db/ids.ts), not read back from it.
 * Reads and writes outside a transaction go straight to the wrapped adapter.
 */
import {
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";

/** Runs a batch's statements as one atomic unit: all of them, or none when one fails. */
export type CommitBatch = (statements: SqlQuery[]) => Promise<void>;

const EMPTY: SqlResultSet = { columnNames: [], columnTypes: [], rows: [] };

/** A statement that reads (and writes nothing): its answer would be needed during the batch. */
const isRead = (sql: string) => /^\s*(select|with\b(?![\s\S]*\b(insert|update|delete)\b))/i.test(sql);

/** D1's limit of bound values per statement, and what Prisma's D1 adapter tells Prisma (it splits lists by it). */
export const D1_BIND_LIMIT = { refused: 100, told: 98 };

/**
 * The adapters of `factory`, with their transactions buffered and committed by `commitWith(adapter)`.
 * `asD1`: also D1's limit of bound values, on every statement (tests on SQLite, which takes 32,766).
 */
export function bufferTransactions<F extends SqlDriverAdapterFactory>(factory: F, commitWith: (adapter: SqlDriverAdapter) => CommitBatch, asD1 = false): F {
  return new Proxy(factory, {
    get(target, prop, receiver) {
      if (prop === "connect")
        return async () => {
          const adapter = asD1 ? withD1BindLimit(await target.connect()) : await target.connect();
          return buffered(adapter, commitWith(adapter));
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** `adapter` refusing statements with more bound values than D1 takes, as D1 does. */
function withD1BindLimit(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const check = (query: SqlQuery) => {
    if (query.args.length > D1_BIND_LIMIT.refused)
      throw new DriverAdapterError({ kind: "sqlite", extendedCode: 1, message: `too many SQL variables (${query.args.length}; D1 binds at most ${D1_BIND_LIMIT.refused})` });
  };
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "getConnectionInfo") return () => ({ ...target.getConnectionInfo?.(), supportsRelationJoins: false, maxBindValues: D1_BIND_LIMIT.told });
      if (prop === "queryRaw" || prop === "executeRaw")
        return (query: SqlQuery) => {
          check(query);
          return (target[prop] as (q: SqlQuery) => Promise<unknown>).call(target, query);
        };
      if (prop === "startTransaction")
        return async (...args: [IsolationLevel?]) => {
          const tx = await target.startTransaction(...args);
          return new Proxy(tx, {
            get(t, p, r) {
              if (p === "queryRaw" || p === "executeRaw")
                return (query: SqlQuery) => {
                  check(query);
                  return (t[p] as (q: SqlQuery) => Promise<unknown>).call(t, query);
                };
              const v = Reflect.get(t, p, r);
              return typeof v === "function" ? v.bind(t) : v;
            },
          });
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** `adapter` with buffered transactions, committed by `commit`. */
export function buffered(adapter: SqlDriverAdapter, commit: CommitBatch): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "startTransaction") return async (isolationLevel?: IsolationLevel) => bufferedTransaction(target, commit, isolationLevel);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function bufferedTransaction(adapter: SqlDriverAdapter, commit: CommitBatch, isolationLevel?: IsolationLevel): Transaction {
  // A batch is serializable (D1 runs it alone, SQLite under its write lock): nothing weaker exists.
  if (isolationLevel && isolationLevel !== "SERIALIZABLE") throw new DriverAdapterError({ kind: "InvalidIsolationLevel", level: isolationLevel });
  let statements: SqlQuery[] | undefined = [];
  /** Buffers a write; true for a read that may run at once (no write buffered before it). */
  const record = (query: SqlQuery): boolean => {
    if (!statements) throw new DriverAdapterError({ kind: "TransactionAlreadyClosed", cause: "the batch was already committed or rolled back" });
    if (!isRead(query.sql)) {
      statements.push(query);
      return false;
    }
    if (!statements.length) return true;
    // Not a database error: a batch that reads what it wrote is a bug of ours (see above).
    throw new DriverAdapterError({ kind: "sqlite", extendedCode: 1, message: `a batch cannot read (its statements are sent together at commit): ${query.sql.slice(0, 160)}` });
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    // Prisma calls commit()/rollback() without sending COMMIT/ROLLBACK statements of its own.
    options: { usePhantomQuery: true },
    async queryRaw(query) {
      return record(query) ? adapter.queryRaw(query) : EMPTY;
    },
    async executeRaw(query) {
      return record(query) ? adapter.executeRaw(query) : 0;
    },
    async commit() {
      const batch = statements ?? [];
      statements = undefined;
      if (!batch.length) return;
      try {
        await commit(batch);
      } catch (error) {
        // Prisma passes a commit's error on as it is (no statement to blame): let its message
        // say what the database said (a constraint and its columns, never values).
        if (error instanceof DriverAdapterError && error.cause.originalMessage) error.message = `${error.cause.kind}: ${error.cause.originalMessage}`;
        throw error;
      }
    },
    async rollback() {
      statements = undefined;
    },
  };
}

/**
 * The commit of a batch on an adapter with real transactions (better-sqlite3, libSQL): its
 * statements in one transaction of the adapter, rolled back when one fails. (An adapter whose
 * transactions are not "phantom" began it itself and is sent COMMIT/ROLLBACK, as Prisma does.)
 */
export const inOneTransaction =
  (adapter: SqlDriverAdapter): CommitBatch =>
  async (statements) => {
    const tx = await adapter.startTransaction();
    const say = (sql: string) => (tx.options.usePhantomQuery ? Promise.resolve(0) : tx.executeRaw({ sql, args: [], argTypes: [] }));
    try {
      // queryRaw: it runs statements with and without RETURNING alike.
      for (const statement of statements) await tx.queryRaw(statement);
      await say("COMMIT");
    } catch (error) {
      await say("ROLLBACK").catch(() => undefined);
      await tx.rollback();
      throw error;
    }
    await tx.commit();
  };
