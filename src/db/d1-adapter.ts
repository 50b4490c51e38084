/**
 * The driver adapter on Cloudflare D1. D1 has no interactive transactions, and Prisma's own D1
 * adapter runs the statements of `$transaction([...])` one by one, NOT atomically. Here a
 * transaction is buffered (src/db/batching-adapter.ts) and committed as ONE `D1Database.batch()`:
 * D1 runs a batch's statements in one implicit transaction, and any failure undoes all of them.
 * That is the unit of work of src/db/guard.ts: its guards (unique keys, `changedOrFail`,
 * `nextVersion`) fail the batch as a whole. Reads and writes outside a batch go to D1 directly,
 * through Prisma's adapter.
 *
 * The statements are bound exactly as Prisma's adapter binds them: each one is passed through
 * that adapter over a stand-in binding that keeps the prepared statement instead of running it.
 */
import { PrismaD1 } from "@prisma/adapter-d1";
import { DriverAdapterError, type SqlDriverAdapter, type SqlDriverAdapterFactory, type SqlQuery } from "@prisma/driver-adapter-utils";
import { bufferTransactions, type CommitBatch } from "./batching-adapter.js";

/** A prepared statement of the binding, as far as this module uses it. */
interface D1Statement {
  bind(...values: unknown[]): D1Statement;
}

/** The binding's shape as far as this module needs it (the `DB` binding of wrangler.toml). */
export type D1Binding = ConstructorParameters<typeof PrismaD1>[0] & {
  prepare(sql: string): D1Statement;
  batch(statements: D1Statement[]): Promise<unknown>;
};

/** Attempts of a batch D1 refused for a passing reason (busy, overloaded, connection reset). */
const ATTEMPTS = 3;

export function d1Adapter(binding: D1Binding): SqlDriverAdapterFactory {
  return bufferTransactions(new PrismaD1(binding as never), () => commitOnD1(binding));
}

/**
 * A batch as one `binding.batch()`. A batch refused for a passing reason is sent again (nothing
 * of it was applied: D1 applies a batch whole or not at all); any other refusal is reported.
 */
export function commitOnD1(binding: D1Binding): CommitBatch {
  const prepare = preparer(binding);
  return async (statements) => {
    const bound: D1Statement[] = [];
    for (const statement of statements) bound.push(await prepare(statement)); // one at a time: `prepare` keeps one
    for (let attempt = 1; ; attempt++) {
      try {
        await binding.batch(bound);
        return;
      } catch (error) {
        if (attempt < ATTEMPTS && isPassing(error)) {
          await new Promise((resolve) => setTimeout(resolve, 20 * 4 ** attempt));
          continue;
        }
        throw new DriverAdapterError(d1Error(error));
      }
    }
  };
}

/** Binds a statement as PrismaD1 would (its argument mapping: dates, booleans, bytes, big ints). */
function preparer(binding: D1Binding) {
  let kept: D1Statement | undefined;
  const standIn = {
    prepare: (sql: string) => ({
      bind: (...values: unknown[]) => {
        kept = binding.prepare(sql).bind(...values);
        return { run: async () => ({ meta: { changes: 0 } }) };
      },
    }),
  };
  let adapter: Promise<SqlDriverAdapter> | undefined;
  return async (statement: SqlQuery): Promise<D1Statement> => {
    adapter ??= new PrismaD1(standIn as never).connect();
    kept = undefined;
    await (await adapter).executeRaw(statement);
    if (!kept) throw new Error("PrismaD1 bound no statement: its internals changed (src/db/d1-adapter.ts)");
    return kept;
  };
}

/** A refusal that may pass: the database busy or overloaded, or the connection to it reset. */
const isPassing = (error: unknown) => /SQLITE_BUSY|overloaded|Network connection lost|object to be reset|reset because/i.test(messageOf(error));

const messageOf = (error: unknown) => String((error as Error)?.message ?? error);

/**
 * D1's error ("D1_ERROR: UNIQUE constraint failed: T.c: SQLITE_CONSTRAINT (extended: …)") as the
 * adapter error Prisma's adapters give, so src/db/errors.ts recognises a clash or a guard.
 */
export function d1Error(error: unknown) {
  const originalMessage = messageOf(error);
  const text = originalMessage.split("D1_ERROR: ").at(-1)!;
  const fieldsAfter = (prefix: string) =>
    text.slice(prefix.length).split(": ")[0]!.split(", ").map((column) => column.split(".").pop()!);
  if (/^(UNIQUE|PRIMARY KEY) constraint failed: /.test(text)) {
    const prefix = text.slice(0, text.indexOf(": ") + 2);
    const table = text.slice(prefix.length).split(".")[0];
    return { kind: "UniqueConstraintViolation", constraint: { fields: fieldsAfter(prefix) }, table, originalMessage } as const;
  }
  if (text.startsWith("NOT NULL constraint failed: "))
    return { kind: "NullConstraintViolation", constraint: { fields: fieldsAfter("NOT NULL constraint failed: ") }, originalMessage } as const;
  if (/^(FOREIGN KEY|CHECK) constraint failed/.test(text)) return { kind: "ForeignKeyConstraintViolation", constraint: { foreignKey: {} }, originalMessage } as const;
  if (/SQLITE_BUSY|overloaded/i.test(text)) return { kind: "SocketTimeout", originalMessage } as const;
  return { kind: "sqlite", extendedCode: 1, message: originalMessage, originalMessage } as const;
}
