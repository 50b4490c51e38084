-- D1 twin of prisma/migrations/20261122052827_holidays_absence/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- AlterTable
ALTER TABLE "Member" ADD COLUMN "absenceReason" TEXT;
ALTER TABLE "Member" ADD COLUMN "absentUntil" DATETIME;

-- CreateTable
CREATE TABLE "DayOff" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "wardId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "reason" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "DayOff_wardId_date_key" ON "DayOff"("wardId", "date");
