// `npm run db:backup [folder]`: an online backup of the embedded database (DATABASE_URL) into the
// folder (default BACKUP_DIR, else ./backups), keeping the newest BACKUP_KEEP files. Safe while
// the server runs.
import { ConfigError, parseEnv } from "../../config/env.js";
import { backupDatabase, databaseFile, pruneBackups } from "../backup.js";

try {
  const config = parseEnv(process.env);
  const file = databaseFile(config.databaseUrl);
  if (!file) throw new Error("db:backup copies the embedded database (DATABASE_URL=file:…); back up libSQL/Turso with its own tools.");
  const dir = process.argv[2] ?? config.backup?.dir ?? "./backups";
  const written = await backupDatabase(file, dir);
  const removed = pruneBackups(dir, config.backup?.keep ?? 7);
  console.log(`Backed up to ${written}${removed.length ? `; removed ${removed.length} older backup(s)` : ""}.`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : (error as Error).message);
  process.exit(1);
}
