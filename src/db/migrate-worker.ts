/**
 * Applies the pending migrations in a child process (src/db/prepare.ts): the schema engine's
 * WebAssembly and its memory (~15 MB) go away with the process instead of staying in the
 * server for its whole life. (A worker thread was tried: its native memory stayed, ~10 MB.)
 * The target comes as JSON in the environment; the names applied go back over IPC.
 */
import { createAdapterFactory, type DatabaseTarget } from "./client.js";
import { applyMigrations } from "./migrator.js";

const names = await applyMigrations(await createAdapterFactory(JSON.parse(process.env.WARDBOT_MIGRATE_TARGET!) as DatabaseTarget));
process.send!(names, () => process.disconnect());
