-- D1 twin of prisma/migrations/20261122052110_scheduler/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- CreateTable
CREATE TABLE "JobRun" (
    "job" TEXT NOT NULL,
    "instant" DATETIME NOT NULL,
    "wardId" TEXT,
    "ranAt" DATETIME NOT NULL,
    "outcome" JSONB,

    PRIMARY KEY ("job", "instant")
);

-- CreateTable
CREATE TABLE "SchedulerState" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "lastTickAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
-- PRAGMA foreign_keys=OFF; (no effect inside D1's transaction: foreign keys stay on)
CREATE TABLE "new_Report" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cycleId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "answers" JSONB NOT NULL,
    "memberId" TEXT,
    "submittedAt" DATETIME,
    "via" TEXT,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "nudges" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Report_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Report_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Report" ("answers", "cycleId", "groupId", "id", "late", "memberId", "role", "status", "submittedAt", "updatedAt", "via") SELECT "answers", "cycleId", "groupId", "id", "late", "memberId", "role", "status", "submittedAt", "updatedAt", "via" FROM "Report";
-- D1: dropping "Report" would run ON DELETE actions on "ReportRevision" (foreign keys are always on).
-- Refuse (the migration fails and rolls back) rather than lose their rows: a D1 database with data needs a hand-made migration here.
CREATE TABLE "_d1_refuse_cascade" ("refused" TEXT NOT NULL);
INSERT INTO "_d1_refuse_cascade" ("refused") SELECT NULL WHERE EXISTS (SELECT 1 FROM "ReportRevision");
DROP TABLE "_d1_refuse_cascade";
DROP TABLE "Report";
ALTER TABLE "new_Report" RENAME TO "Report";
CREATE UNIQUE INDEX "Report_cycleId_groupId_role_key" ON "Report"("cycleId", "groupId", "role");
-- PRAGMA foreign_keys=ON; (no effect inside D1's transaction: foreign keys stay on)
PRAGMA defer_foreign_keys=OFF;
