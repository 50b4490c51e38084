-- D1 twin of prisma/migrations/20261202044539_demo_ward/migration.sql, written by `npm run worker:migrations`:
-- do not edit (test/db/d1-migrations.test.ts fails when the two drift).
-- The ward `npm run seed:demo` created. A plain ADD COLUMN rather than Prisma's table rebuild:
-- rebuilding Unit would drop the table every other table refers to (on D1, where foreign keys
-- cannot be switched off, that cascades).
ALTER TABLE "Unit" ADD COLUMN "demo" BOOLEAN NOT NULL DEFAULT false;
