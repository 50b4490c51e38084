import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import type { ServiceContext } from "../../src/services/context.js";
import { LINK_LIFETIME_SECONDS, cycleChartUrl } from "../../src/services/signed-links.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { pngSize } from "../support/png.js";

const PUBLIC_URL = "https://bot.example.vn";
let t: TestApp;
let clock = new Date("2026-11-28T01:00:00Z");

async function setUp(options: { publicUrl?: string; linkSigningKey?: string } = { publicUrl: PUBLIC_URL }, log = createLogger("silent")) {
  clock = new Date("2026-11-28T01:00:00Z");
  t = await buildTestApp({ ...options, now: () => clock, log });
  const wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  await t.call("PUT", `/api/v1/wards/${wardId}/form`, { title: "Báo cáo tuần", questions: [{ key: "ho", text: "Số hộ được vận động?", type: "integer" }] });
  await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ dân phố số 1" });
  const first = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 47/2026" })).body.id as string;
  const second = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026" })).body.id as string;
  const ctx: ServiceContext = { db: t.db, now: () => clock, log: createLogger("silent"), actor: "test", defaultTimezone: "Asia/Ho_Chi_Minh", ...options };
  return { first, second, ctx };
}
afterEach(() => t.close());

/** GET without any admin token. */
const open = (url: string) => t.app.request(url.replace(PUBLIC_URL, ""));

describe("signed links to a cycle's chart", () => {
  it("opens the PNG without a token while valid, and only for the cycle it was made for", async () => {
    const { first, second, ctx } = await setUp();
    const url = (await cycleChartUrl(ctx, first))!;
    expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/files/cycles/${first}/summary\\.png\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}$`));
    expect(Number(new URL(url).searchParams.get("exp"))).toBe(clock.getTime() / 1000 + LINK_LIFETIME_SECONDS);

    const res = await open(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("private, max-age=300");
    expect(pngSize(new Uint8Array(await res.arrayBuffer())).width).toBe(1200);

    // The same signature on another cycle's path, a changed signature, a changed expiry: refused.
    const forbidden = async (u: string) => {
      const r = await open(u);
      expect(r.status).toBe(403);
      const body = await r.json();
      expect(body.error.code).toBe("forbidden");
      return body.error.message as string;
    };
    expect(await forbidden(url.replace(first, second))).toBe("Liên kết không hợp lệ.");
    const sig = new URL(url).searchParams.get("sig")!;
    await forbidden(url.replace(sig, (sig[0] === "A" ? "B" : "A") + sig.slice(1)));
    await forbidden(url.replace(/exp=(\d+)/, (_, e) => `exp=${Number(e) + 3600}`));
    await forbidden(url.split("?")[0]!);
    await forbidden(url.replace(/&sig=.*/, ""));

    // Expired: after seven days.
    clock = new Date(clock.getTime() + LINK_LIFETIME_SECONDS * 1000);
    expect(await forbidden(url)).toContain("Liên kết đã hết hạn");
  });

  it("answers 404 for a cycle that does not exist, but only to a valid link", async () => {
    const { ctx } = await setUp();
    const url = (await cycleChartUrl(ctx, "no-such-cycle"))!;
    expect((await open(url)).status).toBe(404);
    expect((await open(url.replace("sig=", "sig=x"))).status).toBe(403);
  });

  it("keeps the signature out of the request log", async () => {
    const lines: string[] = [];
    const { first, ctx } = await setUp({ publicUrl: PUBLIC_URL }, createLogger("info", (l) => lines.push(l)));
    const url = (await cycleChartUrl(ctx, first))!;
    expect((await open(url)).status).toBe(200);
    const sig = new URL(url).searchParams.get("sig")!;
    expect(lines.some((l) => l.includes(`/files/cycles/${first}/summary.png`))).toBe(true);
    expect(lines.join("\n")).not.toContain(sig);
  });

  it("makes no link without PUBLIC_URL", async () => {
    const { first, ctx } = await setUp({});
    expect(await cycleChartUrl(ctx, first)).toBeUndefined();
  });

  it("generates the signing key once and keeps it in the database", async () => {
    const { first, ctx } = await setUp();
    expect(await t.db.appSecret.count()).toBe(0);
    const url = await cycleChartUrl(ctx, first);
    const [secret] = await t.db.appSecret.findMany();
    expect(secret).toMatchObject({ name: "link_signing_key", value: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(await cycleChartUrl(ctx, first)).toBe(url); // same key, same instant
    expect(await t.db.appSecret.count()).toBe(1);
  });

  it("signs with LINK_SIGNING_KEY when it is set, and stores no key", async () => {
    const key = "a-configured-link-signing-key-0123456789";
    const { first, ctx } = await setUp({ publicUrl: PUBLIC_URL, linkSigningKey: key });
    const url = new URL((await cycleChartUrl(ctx, first))!);
    const exp = url.searchParams.get("exp")!;
    expect(url.searchParams.get("sig")).toBe(createHmac("sha256", key).update(`${url.pathname}\n${exp}`).digest("base64url"));
    expect((await open(url.href)).status).toBe(200);
    expect(await t.db.appSecret.count()).toBe(0);
    // A link signed with another key (e.g. the generated one before the variable was set) is refused.
    const other = await cycleChartUrl({ ...ctx, linkSigningKey: undefined }, first);
    expect((await open(other!)).status).toBe(403);
  });
});
