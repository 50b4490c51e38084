// `npm run db:restore <backup file>`: puts a backup in place of the embedded database
// (DATABASE_URL). Refused while the server runs; the replaced database is kept beside it.
import { ConfigError, parseEnv } from "../../config/env.js";
import { databaseFile, restoreDatabase } from "../backup.js";

try {
  const config = parseEnv(process.env);
  const file = databaseFile(config.databaseUrl);
  if (!file) throw new Error("db:restore restores the embedded database (DATABASE_URL=file:…).");
  const backup = process.argv[2];
  if (!backup) throw new Error("Usage: npm run db:restore <backup file>");
  const { replaced } = restoreDatabase(backup, file);
  console.log(`Restored ${file} from ${backup}.${replaced ? ` The previous database is kept as ${replaced}.` : ""} Start the server again.`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : (error as Error).message);
  process.exit(1);
}
