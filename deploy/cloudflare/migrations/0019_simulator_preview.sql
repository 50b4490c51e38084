-- D1 twin of prisma/migrations/20261202073851_simulator_preview/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- CreateTable
CREATE TABLE "SimulatorSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "wardId" TEXT NOT NULL,
    "memberId" TEXT,
    "cycleId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "SimulatorSession_wardId_fkey" FOREIGN KEY ("wardId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SimulatorSession_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SimulatorSession_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (a column added in place: no rewrite of Cycle, whose reports cascade on delete)
ALTER TABLE "Cycle" ADD COLUMN "preview" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "SimulatorSession_cycleId_key" ON "SimulatorSession"("cycleId");

-- CreateIndex
CREATE INDEX "SimulatorSession_wardId_idx" ON "SimulatorSession"("wardId");

-- CreateIndex
CREATE INDEX "SimulatorSession_createdAt_idx" ON "SimulatorSession"("createdAt");
