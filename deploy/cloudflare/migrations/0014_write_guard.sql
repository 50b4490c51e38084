-- D1 twin of prisma/migrations/20261202052757_write_guard/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- CreateTable
CREATE TABLE "WriteGuard" (
    "stale" TEXT NOT NULL PRIMARY KEY
);
