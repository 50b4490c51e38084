/**
 * The driver adapter on Cloudflare D1. D1 has no interactive transactions and Prisma's D1 adapter
 * runs the statements of `$transaction([...])` one by one (not atomically): this module is where
 * a batch becomes ONE D1 `batch()` call (see src/db/guard.ts for the unit of work it serves).
 * Placeholder: the plain adapter until the batching one lands.
 */
import { PrismaD1 } from "@prisma/adapter-d1";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";

/** The binding's shape as far as this module needs it (the `DB` binding of wrangler.toml). */
export type D1Binding = ConstructorParameters<typeof PrismaD1>[0] & { batch: (...args: never[]) => Promise<unknown> };

export function d1Adapter(binding: D1Binding): SqlDriverAdapterFactory {
  return new PrismaD1(binding as never);
}
