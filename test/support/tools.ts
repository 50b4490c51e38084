import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { it } from "vitest";

/**
 * Tests that need a system program (LibreOffice, poppler, later Chromium) that `npm ci` cannot
 * install. On a developer's machine without it they are skipped with a line saying so, so the
 * README's `npm test` passes with only Node; under CI (`CI=true`, set by .ci/run, which installs
 * them) a missing program fails the test, so CI can never pass by silently skipping them.
 */

/** The programs of `tools` that are not an executable file on `path`. */
export function missingTools(tools: readonly string[], path = process.env.PATH ?? ""): string[] {
  const dirs = path.split(delimiter).filter(Boolean);
  return tools.filter(
    (tool) =>
      !dirs.some((dir) => {
        try {
          accessSync(join(dir, tool), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
  );
}

export const isCi = (env: NodeJS.ProcessEnv = process.env) => env.CI === "true" || env.CI === "1";

export const skipNote = (missing: readonly string[]) =>
  `skipped: ${missing.join(", ")} not installed (.ci/run installs ${missing.length > 1 ? "them" : "it"})`;
export const ciFailure = (missing: readonly string[]) =>
  `${missing.join(", ")} not installed: CI must run this test (.ci/run installs ${missing.length > 1 ? "them" : "it"})`;

/**
 * What a test that needs `tools` does here: "run", "skip" (with the note) or "fail" (under CI).
 * Pure, so the decision itself is tested without changing this process's PATH.
 */
export function toolDecision(tools: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  const missing = missingTools(tools, env.PATH ?? "");
  if (!missing.length) return { action: "run" as const, missing };
  return isCi(env) ? { action: "fail" as const, missing, message: ciFailure(missing) } : { action: "skip" as const, missing, message: skipNote(missing) };
}

/**
 * `it` for tests that need `tools`: `const itPrints = requireTools("soffice", "pdftotext");
 * itPrints("prints…", async () => …)`. Each such test runs, is skipped with "skipped: soffice not
 * installed (.ci/run installs it)", or fails under CI.
 */
export function requireTools(...tools: string[]) {
  const decision = toolDecision(tools);
  // Said once when the file is collected as well, so it shows even in a terse report.
  if (decision.action === "skip") process.stderr.write(`${decision.message}\n`);
  return it.extend<{ requiredTools: string[] }>({
    requiredTools: [
      async ({ skip }, use) => {
        if (decision.action === "skip") skip(decision.message);
        if (decision.action === "fail") throw new Error(decision.message);
        await use(tools);
      },
      { auto: true },
    ],
  });
}
