import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, screenshot } from "../support/chromium.js";
import { userClient } from "../support/telegram-emulator.js";
import { BOT_TOKEN, startBench, type Bench } from "./harness.js";

/** Staff sign in to the console with a code the bot sends to their Telegram chat. */
const browser = chromiumAvailable();
let bench: Bench;
let wardId: string;
let duc: ReturnType<typeof userClient>;
const PHONE = "0912 345 678";

beforeAll(async () => {
  bench = await startBench({ browser });
  wardId = (await bench.api("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  await bench.api("POST", "/api/v1/wards", { name: "Phường Bồ Đề" });
  const admin = (await bench.api("POST", `/api/v1/wards/${wardId}/members`, { name: "Phạm Minh Đức", role: "admin", phone: PHONE })).body;
  duc = userClient(bench.emu, BOT_TOKEN, { userId: 91001, firstName: "Đức" });
  await duc.sendCommand(`/start ${new URL(admin.invite.telegramLink).searchParams.get("start")}`);
  await duc.nextBotMessages({ timeoutMs: 10_000 });
}, 60_000);
afterAll(async () => bench?.stop());

const codeIn = (text: string) => /(\d{6})/.exec(text)![1]!;

describe.skipIf(!browser)("staff sign-in in Chromium", () => {
  it("asks for the phone, then the code the bot sent; keeps no token in the page; survives a reload; signs out on the server", async () => {
    const { page, errors } = await bench.page({ signedIn: false, width: 360 });
    await page.goto(bench.server.baseUrl + "/");
    await page.getByRole("heading", { level: 1, name: "Đăng nhập bảng điều khiển phường" }).waitFor();
    await page.getByLabel("Số điện thoại").fill("12");
    await page.getByRole("button", { name: "Gửi mã" }).click();
    // The server's own words.
    await page.getByText("Số điện thoại không hợp lệ: cần 10 chữ số, bắt đầu bằng 0 (ví dụ 0912 345 678).").waitFor();

    await page.getByLabel("Số điện thoại").fill(PHONE);
    await page.getByRole("button", { name: "Gửi mã" }).click();
    await page.getByRole("status").getByText("mã đăng nhập vừa được gửi", { exact: false }).waitFor();
    const [message] = await duc.nextBotMessages({ timeoutMs: 10_000 });
    const code = codeIn(message!.text);

    await page.getByLabel("Mã 6 chữ số").fill(code === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Xác nhận mã" }).click();
    await page.getByText("Mã không đúng, đã dùng hoặc đã hết hạn.", { exact: false }).waitFor();
    await page.getByLabel("Mã 6 chữ số").fill(code);
    await page.getByRole("button", { name: "Xác nhận mã" }).click();
    const nav = page.getByRole("navigation", { name: "Chức năng chính" });
    await nav.waitFor();
    await screenshot(page, "sign-in-staff-360");

    // Nothing to steal in the page: the session is an httpOnly cookie, no token is stored.
    expect(await page.evaluate(() => [sessionStorage.length, localStorage.length, document.cookie])).toEqual([0, 0, ""]);
    // The API answers this person's ward only; a change without the CSRF token is refused.
    const seen = await page.evaluate(async () => (await (await fetch("/api/v1/wards")).json()).map((w: { name: string }) => w.name));
    expect(seen).toEqual(["Phường Ngọc Lâm"]);
    const forged = await page.evaluate(async (id) => (await fetch(`/api/v1/wards/${id}/groups`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"Tổ 1"}' })).status, wardId);
    expect(forged).toBe(403);

    await page.reload();
    await nav.waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "wardbot_session")).toMatchObject({ httpOnly: true, sameSite: "Lax" });

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.getByLabel("Số điện thoại").waitFor();
    // Ended on the server too, not only forgotten by the page.
    const [session] = cookies.filter((c) => c.name === "wardbot_session");
    await expect.poll(async () => (await fetch(bench.server.baseUrl + "/api/v1/auth/me", { headers: { cookie: `wardbot_session=${session!.value}` } })).status).toBe(401);
    expect(errors).toEqual([]);
  });

  it("signs in with one tap on the link in the bot's message, and clears the code from the address bar", async () => {
    const { page, errors } = await bench.page({ signedIn: false });
    await fetch(bench.server.baseUrl + "/api/v1/auth/sign-in", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: PHONE }) });
    const [message] = await duc.nextBotMessages({ timeoutMs: 10_000 });
    // The bench has no PUBLIC_URL, so the message has no link: the link's form is the console's own.
    await page.goto(`${bench.server.baseUrl}/#/sign-in?phone=%2B84912345678&code=${codeIn(message!.text)}`);
    await page.getByRole("navigation", { name: "Chức năng chính" }).waitFor();
    expect(new URL(page.url()).hash).toBe("");
    expect(errors).toEqual([]);
  });
});
