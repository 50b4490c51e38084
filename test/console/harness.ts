import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { collectPageErrors, launchChromium } from "../support/chromium.js";
import { startServer, type ServerProcess } from "../support/process.js";
import { startEmulator, type Emulator } from "../support/telegram-emulator.js";

/**
 * The console's test bench: the real server process (`npm start`'s bundle) on 127.0.0.1 with a
 * fresh SQLite file, a Telegram emulator so invitations carry deep links, and real Chromium.
 */
export const ADMIN = "console-admin-token-0123456789abcdef";
export const BOT_TOKEN = "123456:console-test-token-abcdefghijkl";

export interface Bench {
  server: ServerProcess;
  emu: Emulator;
  /** The server's SQLite file, for a test to record what a chat would have (a meeting answer). */
  dbFile: string;
  browser?: Browser;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** A new tab, signed in unless told otherwise; `errors` gathers what the page logged as errors. */
  page(options?: { signedIn?: boolean; width?: number }): Promise<{ page: Page; errors: string[] }>;
  stop(): Promise<void>;
}

export async function startBench(options: { browser: boolean }): Promise<Bench> {
  const emu = await startEmulator({ stubs: { setMyCommands: true } });
  const dbFile = join(mkdtempSync(join(tmpdir(), "wardbot-console-")), "console.db");
  const dbUrl = `file:${dbFile}`;
  const server = await startServer({
    DATABASE_URL: dbUrl,
    ADMIN_TOKEN: ADMIN,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: emu.apiRoot,
    TELEGRAM_MODE: "polling",
  });
  const browser = options.browser ? await launchChromium() : undefined;

  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async function page({ signedIn = true, width = 1280 } = {}) {
    const context = await browser!.newContext({ viewport: { width, height: 900 }, locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    if (signedIn) {
      // As an officer does once per tab: the token goes into this tab's sessionStorage.
      await page.goto(server.baseUrl + "/");
      await page
        .getByLabel("Mã quản trị")
        .fill(ADMIN, { timeout: 10_000 })
        .catch((error) => {
          throw new Error(`the sign-in page did not show: ${error.message}\npage errors: ${errors.join("\n")}`);
        });
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.getByRole("navigation", { name: "Chức năng chính" }).waitFor();
    }
    return { page, errors };
  }

  return {
    server,
    emu,
    dbFile,
    browser,
    api,
    page,
    async stop() {
      await browser?.close();
      await server.stop();
      await emu.stop();
    },
  };
}
