import { createDatabase } from "./src/db/client.js";
import { applyMigrations } from "./src/db/migrator.js";
import { createAdapterFactory } from "./src/db/client.js";
import { rmSync } from "node:fs";
const path = "/tmp/d1x/mb.db"; rmSync(path, { force: true });
await applyMigrations(createAdapterFactory({ url: `file:${path}` }));
const db = await createDatabase({ url: `file:${path}` });
const N = 2000;
let i = 0;
async function one() {
  const k = String(i++);
  await db.$queryRaw`SELECT EXISTS (SELECT 1 FROM "ProcessedUpdate" WHERE "channel" = 't' AND "updateId" = ${k}) AS p`;
  await db.$transaction([
    db.$executeRaw`INSERT INTO "ProcessedUpdate" ("channel","updateId","processedAt") VALUES ('t', ${k}, ${new Date()})`,
    db.$executeRaw`INSERT INTO "ProcessedUpdate" ("channel","updateId","processedAt") VALUES ('u', ${k}, ${new Date()})`,
    db.$executeRaw`INSERT INTO "WriteGuard" ("stale") SELECT NULL WHERE changes() = 0`,
  ]);
}
async function oneItx() {
  const k = String(i++);
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT EXISTS (SELECT 1 FROM "ProcessedUpdate" WHERE "channel" = 't' AND "updateId" = ${k}) AS p`;
    await tx.$executeRaw`INSERT INTO "ProcessedUpdate" ("channel","updateId","processedAt") VALUES ('t', ${k}, ${new Date()})`;
    await tx.$executeRaw`INSERT INTO "ProcessedUpdate" ("channel","updateId","processedAt") VALUES ('u', ${k}, ${new Date()})`;
  });
}
for (const [name, fn] of [["batch", one], ["itx", oneItx], ["batch", one]] as const) {
  let t = performance.now();
  for (let j = 0; j < N; j++) await fn();
  console.log(name, "sequential", Math.round(N / ((performance.now() - t) / 1000)), "/s");
  t = performance.now();
  await Promise.all(Array.from({ length: N }, () => fn()));
  console.log(name, "concurrent", Math.round(N / ((performance.now() - t) / 1000)), "/s");
}
