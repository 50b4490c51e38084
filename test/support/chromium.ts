import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, ConsoleMessage, Page } from "playwright-core";
import { toolDecision } from "./tools.js";

/**
 * Real Chromium for the console's tests: Debian's package (.ci/run installs it), driven by
 * playwright-core (never `npx playwright install`). Without it the tests skip with a note, except
 * under CI=true, where a missing browser is a failure rather than a silent pass.
 */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether the browser tests run: the same rule as every test that needs a system program (tools.ts). */
export function chromiumAvailable(): boolean {
  const decision = toolDecision(["chromium"]);
  if (decision.action === "fail") throw new Error(decision.message);
  if (decision.action === "skip") console.log(decision.message);
  return decision.action === "run";
}

/** Chromium headless, quiet and offline apart from the pages it is sent to. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  // launch() starts from a fresh temporary profile (its own --user-data-dir) every time.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * Errors the page logged or threw: a test ends by expecting none. Chromium's own note on a 4xx
 * answer is left out: refusing bad input is the API doing its job, and the page shows it.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() !== "error") return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
    errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Screenshots for people to look at (not compared, not committed): tmp/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string) {
  const dir = join(process.cwd(), "tmp", "screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
