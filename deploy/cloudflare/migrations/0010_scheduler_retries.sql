-- D1 twin of prisma/migrations/20261202044543_scheduler_retries/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- AlterTable
ALTER TABLE "Cycle" ADD COLUMN "openedAfter" TEXT;

-- CreateTable
CREATE TABLE "JobRetry" (
    "job" TEXT NOT NULL,
    "instant" DATETIME NOT NULL,
    "wardId" TEXT,
    "dueAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastError" TEXT NOT NULL,
    "givenUpAt" DATETIME,

    PRIMARY KEY ("job", "instant")
);

-- CreateIndex
CREATE INDEX "JobRetry_givenUpAt_nextAttemptAt_idx" ON "JobRetry"("givenUpAt", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "Cycle_openedAfter_key" ON "Cycle"("openedAfter");
