import { defineConfig } from "vitest/config";

/**
 * The service tests that carry the persistence rules (conversation turns, the scheduler, the
 * outbox, summaries) run on every database: better-sqlite3 (the embedded default), libSQL
 * (several Node instances on one database), better-sqlite3 with batches buffered as D1 commits
 * them ("batched": no batch may read its own results, src/db/batching-adapter.ts) and D1 itself
 * in workerd (test/support/d1.ts). Same code, same guards (src/db/guard.ts).
 */
const ON_EVERY_DATABASE = [
  "test/services/report-chat*.test.ts",
  "test/services/multi-channel.test.ts",
  "test/services/cycle-opening.test.ts",
  "test/services/scheduler*.test.ts",
  "test/services/outbox*.test.ts",
  "test/services/summary*.test.ts",
];

/**
 * Every test of the services and the API also runs with batches buffered as D1 commits them
 * (cheap: better-sqlite3), so a new write path that reads its own batch's results fails here.
 */
const ON_BATCHES = [...ON_EVERY_DATABASE, "test/services/**/*.test.ts", "test/server/**/*.test.ts", "test/simulator/**/*.test.ts"];

export default defineConfig({
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: run files in parallel, but not more processes than the machine has.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "sqlite", include: ["test/**/*.test.ts"], provide: { databaseDriver: "better-sqlite3" } } },
      // libSQL's engine opens a new connection after each transaction (its client's design for
      // files): the scheduler's simulated weeks take about half as long again as on better-sqlite3.
      { extends: true, test: { name: "libsql", include: ON_EVERY_DATABASE, provide: { databaseDriver: "libsql" }, testTimeout: 60_000 } },
      { extends: true, test: { name: "batched", include: ON_BATCHES, provide: { databaseDriver: "batched" }, testTimeout: 60_000 } },
      // D1 in workerd, driven from Node: each statement is a trip through workerd's local D1 (~9 ms
      // measured on a loaded 2-core machine; better-sqlite3 takes well under 1 ms), so the
      // scheduler's simulated weeks (a tick every 15 minutes) take longest.
      {
        extends: true,
        test: {
          name: "d1",
          include: ON_EVERY_DATABASE,
          provide: { databaseDriver: "d1" },
          setupFiles: ["test/support/d1-setup.ts"],
          // workerd stays off the network: no metrics, no download of Cloudflare's request metadata.
          env: { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
          testTimeout: 300_000,
        },
      },
    ],
  },
});
