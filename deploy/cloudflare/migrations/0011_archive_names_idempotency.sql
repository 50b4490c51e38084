-- D1 twin of prisma/migrations/20261202044622_archive_names_idempotency/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- AlterTable
ALTER TABLE "Member" ADD COLUMN "archivedAt" DATETIME;
ALTER TABLE "Member" ADD COLUMN "dedupeKey" TEXT;

-- AlterTable
ALTER TABLE "Unit" ADD COLUMN "archivedAt" DATETIME;
ALTER TABLE "Unit" ADD COLUMN "nameKey" TEXT;

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "actor" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL DEFAULT 0,
    "body" TEXT,
    "contentType" TEXT,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("actor", "keyHash")
);

-- Backfill the comparison keys of existing rows. SQLite's lower() folds ASCII only; the app
-- compares names by nameKey() computed afresh, so an imperfect stored key only weakens the
-- concurrency guard for these old rows. Rows that would collide keep a key of their own
-- (suffixed with their id) so that the unique indexes below can be built.
UPDATE "Unit" SET "nameKey" = lower(trim("name"));
UPDATE "Unit" SET "nameKey" = "nameKey" || '#' || "id"
  WHERE EXISTS (SELECT 1 FROM "Unit" AS u WHERE u."parentId" IS "Unit"."parentId" AND u."nameKey" = "Unit"."nameKey" AND u."id" < "Unit"."id");
UPDATE "Member" SET "dedupeKey" = lower(trim("name")) || '|' || coalesce("phone", '@' || coalesce((SELECT r."unitId" FROM "MemberRole" AS r WHERE r."memberId" = "Member"."id" ORDER BY r."id" LIMIT 1), "wardId"));
UPDATE "Member" SET "dedupeKey" = "dedupeKey" || '#' || "id"
  WHERE EXISTS (SELECT 1 FROM "Member" AS m WHERE m."wardId" = "Member"."wardId" AND m."dedupeKey" = "Member"."dedupeKey" AND m."id" < "Member"."id");

-- CreateIndex
CREATE INDEX "IdempotencyKey_createdAt_idx" ON "IdempotencyKey"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Member_wardId_dedupeKey_key" ON "Member"("wardId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_parentId_nameKey_key" ON "Unit"("parentId", "nameKey");
