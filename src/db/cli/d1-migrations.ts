// `npm run worker:migrations`: writes deploy/cloudflare/migrations (D1's flat NNNN_name.sql)
// from prisma/migrations, removing twins whose Prisma migration is gone. See src/db/d1-migrations.ts.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deriveD1Migrations } from "../d1-migrations.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const target = join(root, "deploy/cloudflare/migrations");
mkdirSync(target, { recursive: true });
const migrations = deriveD1Migrations(join(root, "prisma/migrations"));
const wanted = new Set(migrations.map((m) => m.file));
let changed = 0;
for (const m of migrations) {
  const path = join(target, m.file);
  let current: string | undefined;
  try {
    current = readFileSync(path, "utf8");
  } catch {
    current = undefined;
  }
  if (current === m.sql) continue;
  writeFileSync(path, m.sql);
  changed++;
  console.log(`wrote ${join("deploy/cloudflare/migrations", m.file)}`);
}
for (const file of readdirSync(target)) {
  if (file.endsWith(".sql") && !wanted.has(file)) {
    rmSync(join(target, file));
    changed++;
    console.log(`removed deploy/cloudflare/migrations/${file} (no Prisma migration)`);
  }
}
console.log(`${migrations.length} D1 migrations, ${changed} changed`);
