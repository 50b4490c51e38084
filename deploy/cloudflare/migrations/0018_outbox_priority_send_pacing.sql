-- D1 twin of prisma/migrations/20261202073642_outbox_priority_send_pacing/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- CreateTable
CREATE TABLE "SendPacing" (
    "channel" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0,
    "slots" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL
);

-- Messages already queued count as bulk (the default); the table is not copied.
ALTER TABLE "OutboxMessage" ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 1;
DROP INDEX "OutboxMessage_status_channel_createdAt_id_idx";
CREATE INDEX "OutboxMessage_status_channel_priority_createdAt_id_idx" ON "OutboxMessage"("status", "channel", "priority", "createdAt", "id");
