import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { createAdapterFactory } from "../../src/db/client.js";
import { applyMigrations } from "../../src/db/migrator.js";

/**
 * Migrates one template database through the real offline migrator; each test copies it
 * instead of running the schema engine again. Each vitest project (one per database engine,
 * test/vitest.config.ts) runs this setup, in the same process: the work is done once, shared
 * through globalThis (two schema engines at once in one process panic), and undone after the last.
 */
interface Shared {
  template: Promise<{ dir: string; template: string }>;
  users: number;
}
const key = Symbol.for("wardbot.test.template");
const store = globalThis as unknown as Record<symbol, Shared | undefined>;

export default async function setup(project: TestProject) {
  const shared = (store[key] ??= {
    users: 0,
    template: (async () => {
      // The runtime tests start the server as `npm start` does: from the bundle of the current sources.
      execFileSync(process.execPath, ["src/runtime/build.mjs"], { stdio: "inherit" });
      const dir = mkdtempSync(join(tmpdir(), "wardbot-test-"));
      const template = join(dir, "template.db");
      await applyMigrations(createAdapterFactory({ url: `file:${template}` }));
      return { dir, template };
    })(),
  });
  shared.users++;
  const { dir, template } = await shared.template;
  project.provide("templateDatabase", template);
  return () => {
    if (--shared.users > 0) return;
    store[key] = undefined;
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
