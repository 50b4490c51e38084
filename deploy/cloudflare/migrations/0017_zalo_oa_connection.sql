-- D1 twin of prisma/migrations/20261202060047_zalo_oa_connection/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- CreateTable
CREATE TABLE "ZaloOaConnection" (
    "wardId" TEXT NOT NULL PRIMARY KEY,
    "appId" TEXT NOT NULL,
    "oaId" TEXT NOT NULL,
    "signatureFirstId" TEXT NOT NULL DEFAULT 'app_id',
    "secretKeyEnc" TEXT NOT NULL,
    "refreshTokenEnc" TEXT NOT NULL,
    "accessTokenEnc" TEXT,
    "accessExpiresAt" DATETIME,
    "tokenVersion" INTEGER NOT NULL DEFAULT 0,
    "refreshLease" TEXT,
    "status" TEXT NOT NULL DEFAULT 'connected',
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ZaloOaConnection_wardId_fkey" FOREIGN KEY ("wardId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ZaloOaConnection_oaId_key" ON "ZaloOaConnection"("oaId");
