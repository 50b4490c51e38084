// `npm run db:migrate`: applies pending migrations to DATABASE_URL, offline.
import { parseEnv, ConfigError } from "../../config/env.js";
import { createAdapterFactory } from "../client.js";
import { applyMigrations } from "../migrator.js";

try {
  const config = parseEnv(process.env);
  const applied = await applyMigrations(
    await createAdapterFactory({ url: config.databaseUrl, authToken: config.databaseAuthToken }),
  );
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
