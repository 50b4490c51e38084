/**
 * Online backup and restore of the embedded SQLite database (Node only). The backup uses
 * SQLite's online backup API through a connection of its own, so the server keeps serving and
 * writing meanwhile, and the copy is one consistent state of the database. Files are written
 * under a temporary name and renamed, so a folder of backups never holds a half-written one.
 */
import Database from "better-sqlite3";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** The database file behind DATABASE_URL, or null when it is not an embedded one. */
export function databaseFile(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  const path = url.slice("file:".length).split("?")[0] ?? "";
  return path === "" || path === ":memory:" ? null : resolve(path);
}

const PREFIX = "wardbot-";
const SUFFIX = ".db";
const stamp = (now: Date) => now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z").replace("T", "-");

/** Copies the live database to `<dir>/wardbot-YYYYMMDD-HHMMSSZ.db` (0600, folder 0700); returns the file. */
export async function backupDatabase(dbFile: string, dir: string, now = new Date()): Promise<string> {
  if (!existsSync(dbFile)) throw new Error(`There is no database at ${dbFile}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = join(resolve(dir), `${PREFIX}${stamp(now)}${SUFFIX}`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    // After the first step, the rest in one step: a single read of a consistent state, which a
    // write from the server (another connection) cannot make restart.
    await source.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  chmodSync(partial, 0o600);
  renameSync(partial, target);
  return target;
}

/** The backups in a folder, oldest first (their names sort by time). */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith(SUFFIX))
    .sort()
    .map((f) => join(resolve(dir), f));
}

/** Removes all but the newest `keep` backups; returns the files removed. */
export function pruneBackups(dir: string, keep: number): string[] {
  const all = listBackups(dir);
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const f of old) rmSync(f, { force: true });
  return old;
}

/** The file a running server keeps next to its database, holding its process id. */
export const serverMarker = (dbFile: string) => `${dbFile}.server-pid`;

/** The id of the server process using this database, if one is running. */
export function runningServer(dbFile: string): number | null {
  const marker = serverMarker(dbFile);
  if (!existsSync(marker)) return null;
  const pid = Number(readFileSync(marker, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still running.
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}

export class RestoreRefused extends Error {}

/**
 * Puts a backup in place of the database: refused while a server uses it (stop it first). The
 * database it replaces is kept beside it as `<name>.before-restore-<time>` (with its WAL), so a
 * wrong restore can be undone. Checks the backup is a sound SQLite database first.
 */
export function restoreDatabase(backupFile: string, dbFile: string, now = new Date()): { replaced: string | null } {
  const pid = runningServer(dbFile);
  if (pid !== null) throw new RestoreRefused(`The server (process ${pid}) is using ${dbFile}: stop it first, then restore.`);
  if (!existsSync(backupFile)) throw new RestoreRefused(`There is no file ${backupFile}`);
  const check = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    const result = check.pragma("quick_check", { simple: true });
    if (result !== "ok") throw new RestoreRefused(`${backupFile} is damaged (${String(result)}); choose another backup.`);
  } catch (error) {
    if (error instanceof RestoreRefused) throw error;
    throw new RestoreRefused(`${backupFile} is not a SQLite database (${(error as Error).message}).`);
  } finally {
    check.close();
  }
  mkdirSync(dirname(dbFile), { recursive: true, mode: 0o700 });
  const incoming = `${dbFile}.restoring`;
  copyFileSync(backupFile, incoming);
  chmodSync(incoming, 0o600);
  let replaced: string | null = null;
  if (existsSync(dbFile)) {
    replaced = `${dbFile}.before-restore-${stamp(now)}`;
    renameSync(dbFile, replaced);
    for (const side of ["-wal", "-shm"]) if (existsSync(dbFile + side)) renameSync(dbFile + side, replaced + side);
  }
  renameSync(incoming, dbFile);
  return { replaced: replaced && basename(replaced) };
}
