/**
 * Applies the pending migrations in a worker thread (src/db/prepare.ts): the schema engine's
 * WebAssembly and its memory (~15–20 MB) go away with the worker instead of staying in the
 * server for its whole life.
 */
import { createAdapterFactory, type DatabaseTarget } from "./client.js";
import { applyMigrations } from "./migrator.js";

const names = await applyMigrations(await createAdapterFactory(JSON.parse(process.argv[2]!) as DatabaseTarget));
process.send!(names, () => process.disconnect());
