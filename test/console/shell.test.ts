import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { ADMIN, startBench, type Bench } from "./harness.js";

/** The console is served by the API's own server at `/`, and signs in with the admin token. */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

describe("serving the console", () => {
  it("answers / and the console's own paths with the page, under a strict content policy", async () => {
    for (const path of ["/", "/to-dan-pho", "/giay-moi?to=abc"]) {
      const res = await fetch(bench.server.baseUrl + path, { headers: { "accept-encoding": "gzip" } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(res.headers.get("cache-control")).toBe("no-cache");
      const html = await res.text();
      expect(html).toContain('<html lang="vi">');
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
      const js = await fetch(bench.server.baseUrl + script);
      expect(js.status).toBe(200);
      expect(js.headers.get("cache-control")).toContain("immutable");
    }
  });

  it("leaves the API's answers alone: an unknown API path is still a JSON 404, a missing file a 404", async () => {
    const api = await fetch(bench.server.baseUrl + "/api/v1/no-such-thing", { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe("not_found");
    const unauthenticated = await fetch(bench.server.baseUrl + "/api/v1/wards");
    expect(unauthenticated.status).toBe(401);
    expect((await fetch(bench.server.baseUrl + "/assets/nothing-here.js")).status).toBe(404);
    expect((await fetch(bench.server.baseUrl + "/..%2f..%2fpackage.json")).status).toBe(404);
    expect((await fetch(bench.server.baseUrl + "/healthz")).status).toBe(200);
  });
});

describe.skipIf(!browser)("signing in, in Chromium", () => {
  it("refuses a wrong token in Vietnamese, keeps the right one for the tab, navigates, signs out", async () => {
    const { page, errors } = await bench.page({ signedIn: false, width: 360 });
    await page.goto(bench.server.baseUrl + "/");
    await expectHeading(page, "Đăng nhập bảng điều khiển phường");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByText("Xin nhập mã quản trị.").waitFor();
    await page.getByLabel("Mã quản trị").fill("not-the-token");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByText("Mã truy cập không hợp lệ (không đúng, đã bị thu hồi hoặc đã hết hạn). Xin đăng nhập lại.").waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await page.getByLabel("Mã quản trị").fill(ADMIN);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    const nav = page.getByRole("navigation", { name: "Chức năng chính" });
    await expect(nav.getByRole("link", { name: "Tổng quan" }).getAttribute("aria-current")).resolves.toBe("page");
    // Never in localStorage: the token lives and dies with the tab.
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await screenshot(page, "shell-360");

    await nav.getByRole("link", { name: "Tổ dân phố và người phụ trách" }).click();
    await expectHeading(page, "Tổ dân phố và người phụ trách");
    expect(new URL(page.url()).pathname).toBe("/to-dan-pho");
    await page.reload();
    await expectHeading(page, "Tổ dân phố và người phụ trách");

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await expectHeading(page, "Đăng nhập bảng điều khiển phường");
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(errors).toEqual([]);
  });
});

async function expectHeading(page: import("playwright-core").Page, name: string) {
  await page.getByRole("heading", { level: 1, name }).waitFor();
}
