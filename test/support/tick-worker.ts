// Runs the scheduler's tick over simulated time in its own process, on the database named by
// DATABASE_URL: two of these at once stand for two server instances sharing one database.
import { createDatabase } from "../../src/db/client.js";
import { createLogger } from "../../src/core/logger.js";
import { tick } from "../../src/services/scheduler/tick.js";

// DATABASE_DRIVER=libsql: the same file through libSQL; =batched: batches buffered as on D1 (test/support/database.ts).
const driver = process.env.DATABASE_DRIVER;
const db = await createDatabase({ url: process.env.DATABASE_URL!, driver: driver === "libsql" ? "libsql" : undefined, bufferBatches: driver === "batched" });
let clock = Date.parse(process.env.FROM!);
const end = Date.parse(process.env.TO!);
const step = Number(process.env.STEP_MS);
const ctx = { db, now: () => new Date(clock), log: createLogger("silent"), actor: "scheduler", defaultTimezone: "Asia/Ho_Chi_Minh" };
let ticks = 0;
while (clock < end) {
  clock += step;
  await tick(ctx, new Date(clock));
  ticks++;
}
await db.$disconnect();
console.log(JSON.stringify({ ticks }));
