import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import { backupDatabase, listBackups, pruneBackups, restoreDatabase, RestoreRefused, serverMarker } from "../../src/db/backup.js";
import { createDatabase } from "../../src/db/client.js";
import { openMigratedDatabase } from "../../src/db/prepare.js";
import type { Database } from "../../src/db/types.js";

const run = promisify(execFile);
const tempDir = () => mkdtempSync(join(tmpdir(), "wardbot-backup-"));
const mode = (path: string) => statSync(path).mode & 0o777;

const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.$disconnect();
});

async function liveDatabase() {
  const dir = join(tempDir(), "data");
  const file = join(dir, "wardbot.db");
  const db = await openMigratedDatabase({ url: `file:${file}` }, createLogger("silent"));
  open.push(db);
  return { dir, file, db };
}

const wardNames = async (db: Database) => (await db.unit.findMany({ orderBy: { name: "asc" } })).map((u) => u.name);

describe("database files, backup and restore", () => {
  it("creates the database readable by its owner only: file 0600, folder 0700", async () => {
    const { dir, file } = await liveDatabase();
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    for (const side of ["-wal", "-shm"]) if (existsSync(file + side)) expect(mode(file + side)).toBe(0o600);
  });

  it("backs up a live database while it is being written, and a restore gives the backup's rows", async () => {
    const { file, db } = await liveDatabase();
    for (let i = 0; i < 200; i++) await db.unit.create({ data: { name: `Phường ${String(i).padStart(4, "0")}`, kind: "ward" } });
    // Keep writing, from the server's connection, while the backup runs.
    let writing = true;
    let written = 200;
    const writer = (async () => {
      while (writing) {
        await db.unit.create({ data: { name: `Phường ${String(written++).padStart(4, "0")}`, kind: "ward" } });
        // A server's writes come between I/O events; better-sqlite3 answers synchronously, so
        // without this the loop would never let the backup's steps run.
        await new Promise((r) => setImmediate(r));
      }
    })();
    const backupDir = join(tempDir(), "backups");
    const backup = await backupDatabase(file, backupDir);
    await new Promise((r) => setTimeout(r, 50));
    writing = false;
    await writer;
    expect(mode(backupDir)).toBe(0o700);
    expect(mode(backup)).toBe(0o600);
    expect(listBackups(backupDir)).toEqual([backup]);

    // The copy is one consistent state: a prefix of the wards, at least those before it began.
    const copy = await createDatabase({ url: `file:${backup}` });
    const copied = await wardNames(copy);
    await copy.$disconnect();
    expect(copied.length).toBeGreaterThanOrEqual(200);
    expect(copied.length).toBeLessThan(written + 1);
    expect(copied).toEqual(Array.from({ length: copied.length }, (_, i) => `Phường ${String(i).padStart(4, "0")}`));

    // Restore (the server stopped): the database has exactly the backup's rows again.
    await db.$disconnect();
    open.splice(0);
    const { replaced } = restoreDatabase(backup, file);
    expect(replaced).toMatch(/^wardbot\.db\.before-restore-/);
    expect(mode(file)).toBe(0o600);
    const restored = await createDatabase({ url: `file:${file}` });
    open.push(restored);
    expect(await wardNames(restored)).toEqual(copied);
  });

  it("refuses to restore while a server uses the database, or from a file that is not a database", async () => {
    const { file } = await liveDatabase();
    const backup = await backupDatabase(file, join(tempDir(), "b"));
    writeFileSync(serverMarker(file), String(process.pid)); // this test process stands for a running server
    expect(() => restoreDatabase(backup, file)).toThrow(RestoreRefused);
    expect(() => restoreDatabase(backup, file)).toThrow(/stop it first/);
    writeFileSync(serverMarker(file), "999999999"); // a server that is gone
    const junk = join(tempDir(), "junk.db");
    writeFileSync(junk, "not a database at all, just some text".repeat(200));
    expect(() => restoreDatabase(junk, file)).toThrow(RestoreRefused);
  });

  it("keeps the newest BACKUP_KEEP backups", async () => {
    const { file } = await liveDatabase();
    const dir = join(tempDir(), "b");
    for (let day = 1; day <= 5; day++) await backupDatabase(file, dir, new Date(`2026-11-0${day}T19:00:00Z`));
    expect(pruneBackups(dir, 3)).toHaveLength(2);
    expect(listBackups(dir).map((f) => basename(f))).toEqual(["wardbot-20261103-190000Z.db", "wardbot-20261104-190000Z.db", "wardbot-20261105-190000Z.db"]);
  });

  it("npm run db:backup and db:restore work from the command line", async () => {
    const { file, db } = await liveDatabase();
    await db.unit.create({ data: { name: "Phường Ngọc Lâm", kind: "ward" } });
    const dir = join(tempDir(), "b");
    const env = { ...process.env, DATABASE_URL: `file:${file}`, BACKUP_KEEP: "2" };
    const out = await run("npm", ["run", "--silent", "db:backup", "--", dir], { env });
    expect(out.stdout).toContain("Backed up to");
    const [backup] = listBackups(dir);
    await db.unit.create({ data: { name: "Phường Bồ Đề", kind: "ward" } });
    await db.$disconnect();
    open.splice(0);
    const restored = await run("npm", ["run", "--silent", "db:restore", "--", backup!], { env });
    expect(restored.stdout).toContain("Restored");
    const after = await createDatabase({ url: `file:${file}` });
    open.push(after);
    expect(await wardNames(after)).toEqual(["Phường Ngọc Lâm"]);
  });
});
