import { defineConfig } from "vitest/config";

/**
 * The service tests that carry the persistence rules (conversation turns, the scheduler, the
 * outbox, summaries) run twice: on better-sqlite3 (the embedded default) and on libSQL
 * (several Node instances on one database). Same code, same guards (src/db/guard.ts).
 */
const ON_BOTH_DATABASES = [
  "test/services/report-chat*.test.ts",
  "test/services/multi-channel.test.ts",
  "test/services/cycle-opening.test.ts",
  "test/services/scheduler*.test.ts",
  "test/services/outbox*.test.ts",
  "test/services/summary*.test.ts",
];

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
      { extends: true, test: { name: "libsql", include: ON_BOTH_DATABASES, provide: { databaseDriver: "libsql" }, testTimeout: 60_000 } },
    ],
  },
});
