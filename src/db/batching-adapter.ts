/**
 * Transactions as D1 runs them: buffered, then sent as ONE batch. Runtime-neutral: it wraps any
 * driver adapter, and is given how to commit a list of statements atomically (D1's `batch()`,
 * or one SQLite transaction in the tests that prove our batches need nothing more).
 *
 * Inside a transaction no statement reaches the database until commit: each one is recorded and
 * answered at once with an empty result (no rows, 0 rows changed), and commit sends them all
 * together, where a failing statement undoes the whole batch. So the batches of the code
 * (src/db/guard.ts) must not depend on a statement's result during the batch:
 *  - no read inside a batch: a SELECT there is refused with a clear error (it would find nothing);
 *  - no `update`/`delete`/`upsert` by a unique where in a batch: Prisma compiles them to
 *    `… RETURNING` and takes the empty answer for "record not found" (P2025). `updateMany`,
 *    `deleteMany`, `create`, `createMany` and raw statements are fine, with `changedOrFail`
 *    where a change must have happened;
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

/** The adapters of `factory`, with their transactions buffered and committed by `commitWith(adapter)`. */
export function bufferTransactions<F extends SqlDriverAdapterFactory>(factory: F, commitWith: (adapter: SqlDriverAdapter) => CommitBatch): F {
  return new Proxy(factory, {
    get(target, prop, receiver) {
      if (prop === "connect")
        return async () => {
          const adapter = await target.connect();
          return buffered(adapter, commitWith(adapter));
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
  const record = (query: SqlQuery) => {
    if (!statements) throw new DriverAdapterError({ kind: "TransactionAlreadyClosed", cause: "the batch was already committed or rolled back" });
    if (isRead(query.sql))
      // Not a database error: a batch that reads is a bug of ours (see the module comment).
      throw new DriverAdapterError({ kind: "sqlite", extendedCode: 1, message: `a batch cannot read (its statements are sent together at commit): ${query.sql.slice(0, 160)}` });
    statements.push(query);
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    // Prisma calls commit()/rollback() without sending COMMIT/ROLLBACK statements of its own.
    options: { usePhantomQuery: true },
    async queryRaw(query) {
      record(query);
      return EMPTY;
    },
    async executeRaw(query) {
      record(query);
      return 0;
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
