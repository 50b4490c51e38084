-- D1 twin of prisma/migrations/20261202044537_outbox_channel/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
-- PRAGMA foreign_keys=OFF; (no effect inside D1's transaction: foreign keys stay on)
CREATE TABLE "new_OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "address" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dedupeKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME
);
-- Each message's channel is its address's prefix ("telegram:123" -> "telegram").
INSERT INTO "new_OutboxMessage" ("channel", "address", "attempts", "createdAt", "dedupeKey", "id", "lastError", "nextAttemptAt", "payload", "sentAt", "status") SELECT substr("address", 1, instr("address", ':') - 1), "address", "attempts", "createdAt", "dedupeKey", "id", "lastError", "nextAttemptAt", "payload", "sentAt", "status" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");
CREATE INDEX "OutboxMessage_address_status_idx" ON "OutboxMessage"("address", "status");
CREATE INDEX "OutboxMessage_status_channel_createdAt_id_idx" ON "OutboxMessage"("status", "channel", "createdAt", "id");
-- PRAGMA foreign_keys=ON; (no effect inside D1's transaction: foreign keys stay on)
PRAGMA defer_foreign_keys=OFF;
