import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { createAdapterFactory } from "../../src/db/client.js";
import { applyMigrations } from "../../src/db/migrator.js";

/**
 * Migrates one template database through the real offline migrator; each test copies it
 * instead of running the schema engine again.
 */
export default async function setup(project: TestProject) {
  // The runtime tests start the server as `npm start` does: from the bundle of the current sources.
  execFileSync(process.execPath, ["src/runtime/build.mjs"], { stdio: "inherit" });
  const dir = mkdtempSync(join(tmpdir(), "wardbot-test-"));
  const template = join(dir, "template.db");
  await applyMigrations(createAdapterFactory({ url: `file:${template}` }));
  project.provide("templateDatabase", template);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
