-- D1 twin of prisma/migrations/20261202053018_report_entered_by_office/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
-- PRAGMA foreign_keys=OFF; (no effect inside D1's transaction: foreign keys stay on)
CREATE TABLE "new_ReportRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "answers" JSONB NOT NULL,
    "memberId" TEXT,
    "via" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL,
    "submittedAt" DATETIME NOT NULL,
    "enteredBy" TEXT,
    "reason" TEXT,
    CONSTRAINT "ReportRevision_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ReportRevision" ("answers", "id", "late", "memberId", "reportId", "submittedAt", "via") SELECT "answers", "id", "late", "memberId", "reportId", "submittedAt", "via" FROM "ReportRevision";
DROP TABLE "ReportRevision";
ALTER TABLE "new_ReportRevision" RENAME TO "ReportRevision";
CREATE INDEX "ReportRevision_reportId_idx" ON "ReportRevision"("reportId");
-- PRAGMA foreign_keys=ON; (no effect inside D1's transaction: foreign keys stay on)
PRAGMA defer_foreign_keys=OFF;
