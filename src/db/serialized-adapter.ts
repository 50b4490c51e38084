import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

/**
 * better-sqlite3 gives Prisma one connection. Prisma's adapter makes transactions wait for each
 * other, but not plain queries: a query issued by one request while another request's
 * transaction is open runs inside that transaction, and is undone if it rolls back (seen here:
 * a delivered message marked "sent" came back "pending" when a duplicate webhook's transaction
 * rolled back, and was sent twice). This wrapper makes every top-level query wait for the open
 * transaction to finish, which is the isolation the rest of the code assumes. Still needed with
 * batches only: Prisma runs a batch's statements one `await` after another, so another
 * request's query could otherwise land between them. (libSQL gives each transaction a
 * connection of its own: it needs no such wrapper.)
 */
export function serializeConnection(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => serialized(await factory.connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

function serialized(adapter: SqlDriverAdapter): SqlDriverAdapter {
  let tail: Promise<void> = Promise.resolve();
  /** Waits for everything queued before, then holds the connection until `release()`. */
  const acquire = async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const before = tail;
    tail = before.then(() => held);
    await before;
    return release;
  };
  const exclusive =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const release = await acquire();
      try {
        return await fn(...args);
      } finally {
        release();
      }
    };
  const holdUntilEnd = (tx: Transaction, release: () => void): Transaction =>
    new Proxy(tx, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== "commit" && prop !== "rollback") return typeof value === "function" ? value.bind(target) : value;
        return async () => {
          try {
            return await (value as () => Promise<void>).call(target);
          } finally {
            release();
          }
        };
      },
    });
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "queryRaw" || prop === "executeRaw" || prop === "executeScript")
        return exclusive((value as (...a: unknown[]) => Promise<unknown>).bind(target));
      if (prop === "startTransaction")
        return async (...args: unknown[]) => {
          const release = await acquire();
          try {
            return holdUntilEnd(await (value as (...a: unknown[]) => Promise<Transaction>).apply(target, args), release);
          } catch (error) {
            release();
            throw error;
          }
        };
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
