-- AlterTable
ALTER TABLE "Member" ADD COLUMN "lastChannel" TEXT;
ALTER TABLE "Member" ADD COLUMN "preferredChannel" TEXT;

-- AlterTable
ALTER TABLE "Report" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
