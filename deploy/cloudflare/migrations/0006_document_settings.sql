-- D1 twin of prisma/migrations/20261201085819_document_settings/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- CreateTable
CREATE TABLE "DocumentSettings" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "wardId" TEXT NOT NULL,
    "issuer" TEXT NOT NULL DEFAULT 'ubnd',
    "superiorName" TEXT,
    "issuerName" TEXT,
    "placeName" TEXT,
    "symbol" TEXT,
    "signerAuthority" TEXT,
    "signerTitle" TEXT,
    "signerName" TEXT,
    "recipients" JSONB,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DocumentSettings_wardId_fkey" FOREIGN KEY ("wardId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "DocumentSettings_wardId_key" ON "DocumentSettings"("wardId");
