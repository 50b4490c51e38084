import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toolDecision } from "./tools.js";

const vitestCli = join(createRequire(import.meta.url).resolve("vitest/package.json"), "..", "vitest.mjs");

/** A directory for PATH, holding an executable `wardbot-fake-tool` or nothing. */
function pathDir(withTool: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "wardbot-path-"));
  if (withTool) {
    writeFileSync(join(dir, "wardbot-fake-tool"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(dir, "wardbot-fake-tool"), 0o755);
  }
  return dir;
}

/** A child vitest running the fixture test that needs wardbot-fake-tool, with this PATH and CI. */
function runFixture(path: string, ci?: string) {
  const env: NodeJS.ProcessEnv = { PATH: path, HOME: process.env.HOME, NO_COLOR: "1" };
  if (ci !== undefined) env.CI = ci;
  const run = spawnSync(process.execPath, [vitestCli, "run", "--config", "test/support/fixtures/vitest.tools.config.ts"], {
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe("tests that need a system tool", () => {
  it("decides run, skip or fail from PATH and CI", () => {
    const withTool = pathDir(true);
    const without = pathDir(false);
    expect(toolDecision(["wardbot-fake-tool"], { PATH: withTool })).toMatchObject({ action: "run" });
    expect(toolDecision(["wardbot-fake-tool"], { PATH: without })).toEqual({
      action: "skip",
      missing: ["wardbot-fake-tool"],
      message: "skipped: wardbot-fake-tool not installed (.ci/run installs it)",
    });
    expect(toolDecision(["wardbot-fake-tool"], { PATH: without, CI: "true" })).toMatchObject({ action: "fail" });
    expect(toolDecision(["wardbot-fake-tool"], { PATH: withTool, CI: "true" })).toMatchObject({ action: "run" });
  });

  it("are skipped with a message outside CI, fail under CI=true, and run when the tool is there", { timeout: 120_000 }, () => {
    const skipped = runFixture(pathDir(false));
    expect(skipped.status, skipped.output).toBe(0);
    expect(skipped.output).toContain("skipped: wardbot-fake-tool not installed (.ci/run installs it)");
    expect(skipped.output).toMatch(/1 skipped/);

    const failed = runFixture(pathDir(false), "true");
    expect(failed.status, failed.output).toBe(1);
    expect(failed.output).toContain("wardbot-fake-tool not installed: CI must run this test");
    expect(failed.output).toMatch(/1 failed/);

    const ran = runFixture(pathDir(true), "true");
    expect(ran.status, ran.output).toBe(0);
    expect(ran.output).toMatch(/1 passed/);
  });
});
