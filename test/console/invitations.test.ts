import jsqrModule from "jsqr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { startBench, type Bench } from "./harness.js";

// jsqr is CommonJS typed as an ES default export: under NodeNext the default is the module object.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: Decode = (jsqrModule as unknown as { default?: Decode }).default ?? (jsqrModule as unknown as Decode);

/** Giấy mời kết nối: printable sheets whose QR codes open the bot with each person's code. */
const browser = chromiumAvailable();
let bench: Bench;
beforeAll(async () => {
  if (browser) bench = await startBench({ browser });
}, 60_000);
afterAll(async () => bench?.stop());

describe.skipIf(!browser)("Giấy mời kết nối", () => {
  it("prints a sheet per group, a block per person with a QR code that decodes to their deep link, and clean pages", async () => {
    const { api } = bench;
    const ward = (await api("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
    const g1 = (await api("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ dân phố số 1" })).body.id;
    const g2 = (await api("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ dân phố số 2" })).body.id;
    await api("POST", `/api/v1/wards/${ward.id}/members`, { name: "Nguyễn Văn An", role: "leader", groupId: g1 });
    await api("POST", `/api/v1/wards/${ward.id}/members`, { name: "Trần Thị Bình", role: "front_head", groupId: g1 });
    await api("POST", `/api/v1/wards/${ward.id}/members`, { name: "Lê Văn Cường", role: "leader", groupId: g2 });

    const { page, errors } = await bench.page({ width: 1280 });
    await page.goto(bench.server.baseUrl + "/giay-moi");
    await page.getByLabel("In cho").selectOption({ label: "Cả phường (mỗi tổ một trang)" });
    await page.getByRole("button", { name: "Tạo giấy mời" }).click();
    await page.getByText("sẽ được cấp mã kết nối mới; mã cũ chưa dùng sẽ không dùng được nữa", { exact: false }).waitFor();
    await page.getByRole("button", { name: "Cấp mã và tạo giấy mời" }).click();
    await page.getByText("Đã tạo giấy mời cho 3 người.").waitFor();

    const sheets = page.locator("section.sheet");
    expect(await sheets.count()).toBe(2);
    const an = page.getByRole("article", { name: "Giấy mời của Nguyễn Văn An" });
    expect(await an.textContent()).toContain("Tổ trưởng tổ dân phố — Tổ dân phố số 1");
    const code = (await an.locator(".code").textContent())!;
    expect(code).toMatch(/^[0-9A-Z]{13}$/);

    // The QR code as the browser draws it, read back by a QR decoder.
    const qr = an.getByRole("img", { name: "Mã QR mở Telegram cho Nguyễn Văn An" });
    const pixels = await qr.evaluate(async (svg) => {
      const img = new Image();
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg.outerHTML);
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 400;
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(img, 0, 0, 400, 400);
      return Array.from(ctx.getImageData(0, 0, 400, 400).data);
    });
    const decoded = jsQR(Uint8ClampedArray.from(pixels), 400, 400);
    expect(decoded?.data).toMatch(new RegExp(`^https://t\\.me/\\w+\\?start=${code}$`));

    // Printing: no navigation or buttons, and each group on pages of its own.
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("navigation", { name: "Chức năng chính" }).isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "In giấy mời" }).isVisible()).toBe(false);
    const pdf = (await page.pdf({ format: "A4", printBackground: false, preferCSSPageSize: true })).toString("latin1");
    expect(pdf.match(/\/Type\s*\/Page\b/g)?.length).toBe(2);
    await page.emulateMedia({ media: "screen" });
    await screenshot(page, "invitations-1280");

    expect(errors).toEqual([]);
  }, 60_000);
});
