-- D1 twin of prisma/migrations/20261202050515_member_channels/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- AlterTable
ALTER TABLE "Member" ADD COLUMN "lastChannel" TEXT;
ALTER TABLE "Member" ADD COLUMN "preferredChannel" TEXT;

-- AlterTable
ALTER TABLE "Report" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
