-- CreateTable
CREATE TABLE "WriteGuard" (
    "stale" TEXT NOT NULL PRIMARY KEY
);
